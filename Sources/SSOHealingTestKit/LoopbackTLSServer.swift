import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// A TLS fault on 127.0.0.1, for tests of what a channel does when TLS fails: a server that
/// breaks off the handshake, or one whose certificate does not verify.
///
/// It is a small `python3` program (its `ssl` module serves the certificate, which `openssl`
/// generates per server), so the tests that use it need both on `PATH`.
///
/// ```swift
/// let server = try LoopbackTLSServer(.selfSignedCertificate)
/// defer { server.stop() }
/// let result = await channel(url: server.url("/hook")).deliver(event)   // .failed
/// ```
public final class LoopbackTLSServer: Sendable {
    /// What the server does with a connection.
    public enum Behaviour: String, Sendable, CaseIterable {
        /// Reads the client's hello, then closes the connection without answering it.
        case closesHandshake = "close"
        /// Reads the client's hello, then resets the connection (a TCP RST).
        case resetsHandshake = "reset"
        /// Completes the handshake with a self-signed certificate for 127.0.0.1 (one a client
        /// that verifies rejects), then answers any request with an empty 200.
        case selfSignedCertificate = "self-signed"
    }

    /// The port the server listens on.
    public let port: Int
    private let process: BackgroundProcess
    private let directory: TemporaryDirectory

    /// `https://127.0.0.1:PORT`, without a trailing slash.
    public var baseURL: String { "https://127.0.0.1:\(port)" }

    /// The URL of `pathAndQuery` on this server.
    public func url(_ pathAndQuery: String) -> String {
        baseURL + (pathAndQuery.hasPrefix("/") ? "" : "/") + pathAndQuery
    }

    /// Starts a server that does `behaviour` with every connection and waits until it listens.
    public init(_ behaviour: Behaviour) throws {
        let environment = ProcessInfo.processInfo.environment
        directory = try TemporaryDirectory(prefix: "sso-self-healing-tls")
        let script = try directory.write("server.py", Self.script)
        let certificate = directory.file("certificate.pem")
        let key = directory.file("key.pem")
        let log = directory.file("server.log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        if behaviour == .selfSignedCertificate {
            let openssl = try ProcessRunner.executablePath(for: "openssl", environment: environment)
            let generate = try BackgroundProcess(
                executable: openssl,
                arguments: [
                    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1",
                ],
                environment: environment, outputPath: log)
            generate.waitUntilExit()
            guard generate.terminationStatus == 0 else {
                throw LoopbackTLSServerError("openssl could not make a certificate: \(Self.read(log))")
            }
        }
        let python = try ProcessRunner.executablePath(for: "python3", environment: environment)
        let portFile = directory.file("port")
        process = try BackgroundProcess(
            executable: python, arguments: [script, behaviour.rawValue, portFile, certificate, key],
            environment: environment, outputPath: log)
        // The server writes its port (to a temporary name, then renamed) once it listens.
        while true {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let port = Int(text) {
                self.port = port
                return
            }
            guard process.isRunning else {
                directory.remove()
                throw LoopbackTLSServerError(
                    "the TLS server exited with status \(process.terminationStatus): \(Self.read(log))")
            }
            usleep(10_000)
        }
    }

    deinit {
        stop()
    }

    /// Stops the server and removes its files.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        directory.remove()
    }

    private static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    private static let script = #"""
        import os, socket, ssl, struct, sys, threading

        behaviour, port_file, certificate, key = sys.argv[1:5]
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        context = None
        if behaviour == "self-signed":
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certificate, key)
        with open(port_file + ".tmp", "w") as f:
            f.write(str(listener.getsockname()[1]))
        os.rename(port_file + ".tmp", port_file)

        def serve(connection):
            try:
                if behaviour in ("close", "reset"):
                    connection.recv(65536)
                    if behaviour == "reset":
                        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    connection.close()
                    return
                secure = context.wrap_socket(connection, server_side=True)
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = secure.recv(65536)
                    if not chunk:
                        break
                    request += chunk
                secure.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                secure.close()
            except Exception:
                connection.close()

        while True:
            connection, _ = listener.accept()
            threading.Thread(target=serve, args=(connection,), daemon=True).start()
        """#
}

/// A ``LoopbackTLSServer`` could not be started.
public struct LoopbackTLSServerError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    init(_ description: String) { self.description = description }
}
