using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Touchpoints.Hosting;
using Touchpoints.Snapshots;
using Xunit;

namespace Touchpoints.Tests.Hosting;

/// <summary>
/// App Service passes a Key Vault reference it could not resolve through as the setting's text; the app must refuse to
/// start on it rather than accept that public text as a write key.
/// </summary>
public sealed class UnresolvedKeyVaultReferenceTests
{
    private const string Reference = "@Microsoft.KeyVault(SecretUri=https://kv-abc123.vault.azure.net/secrets/write-key-web)";

    [Fact]
    public void StartupValidation_WhenAWriteKeyIsAnUnresolvedReference_FailsNamingTheSettingWithoutTheValue()
    {
        // Arrange
        using var provider = BuildPipeline(new Dictionary<string, string?>
        {
            ["Touchpoints:WriteKeys:web"] = Reference,
            ["Touchpoints:WriteKeys:crm"] = "a-real-key-from-the-vault",
        });

        // Act
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        // Assert
        var failure = Assert.Single(error.Failures);
        Assert.Contains("Touchpoints:WriteKeys:web", failure, StringComparison.Ordinal);
        Assert.Contains("unresolved Key Vault reference", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("Touchpoints:WriteKeys:crm", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("kv-abc123", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("write-key-web", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Reference)]
    [InlineData("  @microsoft.keyvault(VaultName=kv-abc123;SecretName=write-key-web)")]
    [InlineData("@Microsoft.AppConfiguration(Endpoint=https://appcs-abc123.azconfig.io; Key=web)")]
    public void Validate_WhenAWriteKeyIsAnyPlatformReferenceForm_RefusesIt(string value)
    {
        // Arrange
        var options = new TouchpointOptions { WriteKeys = new(StringComparer.Ordinal) { ["web"] = value } };

        // Act
        var problems = options.Validate();

        // Assert
        var problem = Assert.Single(problems);
        Assert.StartsWith("Touchpoints:WriteKeys:web is an unresolved Key Vault reference", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupValidation_WhenWriteKeysAreResolvedSecrets_Passes()
    {
        // Arrange
        using var provider = BuildPipeline(new Dictionary<string, string?>
        {
            ["Touchpoints:WriteKeys:web"] = "3f9a0c-resolved-secret-value",
            ["Touchpoints:CorsOrigins:0"] = TouchpointOptions.NoCorsOrigins,
        });

        // Act
        var exception = Record.Exception(() => provider.GetRequiredService<IStartupValidator>().Validate());

        // Assert
        Assert.Null(exception);
    }

    [Fact]
    public void StartupValidation_WhenTheSnapshotTimeZoneIsAnUnresolvedReference_NamesItInsteadOfABadTimeZone()
    {
        // Arrange
        using var provider = BuildPipeline(new Dictionary<string, string?>
        {
            ["Touchpoints:Snapshots:TimeZone"] = "@Microsoft.KeyVault(SecretUri=https://kv-abc123.vault.azure.net/secrets/time-zone)",
        });

        // Act
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        // Assert
        Assert.Contains("Touchpoints:Snapshots:TimeZone is an unresolved Key Vault reference", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("kv-abc123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenNoneIsListedWithOtherOrigins_ReportsIt()
    {
        // Arrange
        var options = new TouchpointOptions { CorsOrigins = ["https://www.example.com", TouchpointOptions.NoCorsOrigins] };

        // Act
        var problems = options.Validate();

        // Assert
        Assert.Contains(problems, static p => p.Contains("'none' must be the only entry", StringComparison.Ordinal));
    }

    private static ServiceProvider BuildPipeline(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddTouchpointPipeline(configuration).BuildServiceProvider();
    }
}
