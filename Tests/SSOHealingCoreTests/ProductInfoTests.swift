import SSOHealingCore
import Testing

@Test func versionIsSemantic() {
    #expect(ProductInfo.version.split(separator: ".").count == 3)
}
