using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Touchpoints.Storage;
using Touchpoints.Storage.Rules;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Tests.Storage.Rules;

/// <summary>Both hosts register storage through <c>AddTouchpointPipeline</c>; the rules are on only when configured.</summary>
public sealed class StorageRulesRegistrationTests(AzuriteFixture azurite)
{
    [Fact]
    public void AddTouchpointPipeline_ByDefault_LeavesTheRulesOff()
    {
        using var services = Build(enforce: null);

        Assert.Null(services.GetRequiredService<StorageConnection>().Rules);
    }

    [Fact]
    public async Task AddTouchpointPipeline_WhenEnforceAzureLimitsIsSet_HoldsEveryClientToTheRules()
    {
        // Arrange
        using var services = Build(enforce: "true");
        var rules = services.GetRequiredService<AzureStorageRules>();
        var table = services.GetRequiredService<TableServiceClient>().GetTableClient(AzuriteServer.UniqueTableName());
        await table.CreateIfNotExistsAsync(TestContext.Current.CancellationToken);

        // Act
        var ex = await Assert.ThrowsAsync<AzureStorageRuleException>(() => table.AddEntityAsync(new TableEntity("p", "a/b"), TestContext.Current.CancellationToken));
        await table.AddEntityAsync(new TableEntity("p", "r"), TestContext.Current.CancellationToken);

        // Assert
        Assert.Same(rules, services.GetRequiredService<StorageConnection>().Rules);
        Assert.Equal(AzureStorageRule.KeyHasForbiddenCharacter, ex.Rule);
        Assert.Equal(1, rules.Counts.EntitiesAdded);
        Assert.False(rules.FailOnScans);
    }

    private ServiceProvider Build(string? enforce)
    {
        var settings = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString };
        if (enforce is not null)
        {
            settings[AzureStorageRulesOptions.SectionName + ":" + nameof(AzureStorageRulesOptions.EnforceAzureLimits)] = enforce;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddTouchpointPipeline(configuration);
        return services.BuildServiceProvider();
    }
}
