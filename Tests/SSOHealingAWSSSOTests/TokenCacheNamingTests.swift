import Testing

@testable import SSOHealingAWSSSO

@Suite struct TokenCacheNamingTests {
    @Test func cacheFilesAreNamedAsBotocoreNamesThem() {
        #expect(TokenCache.fileName(forKey: "my-sso-session") == "b755b5ec73400c04400e978208d8559ad1f39053.json")
        #expect(
            TokenCache(home: "/home/ops/", key: "dev").path
                == "/home/ops/.aws/sso/cache/34c6fceca75e456f25e7e99531e2425c6c1de443.json")
    }
}
