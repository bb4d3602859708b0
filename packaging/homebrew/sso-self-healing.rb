# Homebrew formula: builds sso-self-healing from source with SwiftPM.
#
# OWNER, the release tag and sha256 are set when the project publishes a release
# (`shasum -a 256` of the tarball); until then `brew install --HEAD` builds the default branch.
# See "Installing as a service" in the documentation.
class SsoSelfHealing < Formula
  desc "Keeps AWS IAM Identity Center (SSO) sessions alive and alerts when one needs a login"
  homepage "https://github.com/OWNER/sso-self-healing"
  url "https://github.com/OWNER/sso-self-healing/archive/refs/tags/v0.1.0.tar.gz"
  sha256 "0000000000000000000000000000000000000000000000000000000000000000"
  head "https://github.com/OWNER/sso-self-healing.git", branch: "main"

  # Package.swift needs Swift 6.2 (Xcode 26) and macOS 15.
  depends_on xcode: ["26.0", :build]
  depends_on macos: :sequoia

  # libcurl is loaded on first use for HTTP channels and the aws-sso probe.
  uses_from_macos "curl"

  def install
    system "swift", "build", "--disable-sandbox", "-c", "release", "--product", "sso-self-healing"
    bin.install ".build/release/sso-self-healing"
    # `sso-self-healing --generate-completion-script bash|zsh|fish`, from ArgumentParser.
    generate_completions_from_executable(bin/"sso-self-healing", "--generate-completion-script")
    (pkgshare/"examples").install "Examples/config.toml"
    (pkgshare/"examples/notifiers.d").install Dir["notifiers.d/*.toml.example"], "notifiers.d/README.md"
  end

  def caveats
    <<~EOS
      Write a configuration, then start the daemon:
        sso-self-healing config init
        brew services start sso-self-healing
      Or let the program write its own launchd agent (timer or daemon):
        sso-self-healing install --launchd
      Examples: #{opt_pkgshare}/examples
    EOS
  end

  service do
    run [opt_bin/"sso-self-healing", "run"]
    keep_alive true
    log_path var/"log/sso-self-healing.log"
    error_log_path var/"log/sso-self-healing.log"
  end

  test do
    assert_equal version.to_s, shell_output("#{bin}/sso-self-healing --version").strip if build.stable?
    config = testpath/"config"
    (config/"notifiers.d").mkpath
    cp pkgshare/"examples/config.toml", config/"config.toml"
    cp pkgshare/"examples/notifiers.d/console.toml.example", config/"notifiers.d/10-console.toml"
    system bin/"sso-self-healing", "config", "check", "--config-dir", config, "--state-dir", testpath/"state"
  end
end
