using System.Text.Json.Nodes;
using Xunit;

namespace Touchpoints.Infra.Tests;

public sealed class KeyVaultTests(CompiledTemplate compiled)
{
    private ArmResource Vault => compiled.Template.Single("Microsoft.KeyVault/vaults");

    [Fact]
    public void Vault_UsesRbacAuthorization_WithoutAccessPolicies()
    {
        TemplateAssert.IsBool(Vault, "properties.enableRbacAuthorization", true);
        var policies = Vault.At("properties.accessPolicies");
        Assert.True(policies is null || policies is JsonArray { Count: 0 }, $"Access policies: {policies?.ToJsonString()}");
    }

    [Fact]
    public void Vault_KeepsDeletedSecretsRecoverable() => TemplateAssert.IsBool(Vault, "properties.enableSoftDelete", true);

    [Fact]
    public void Secrets_TakeTheirValuesFromASecureParameter_FedByTheSecureWriteKeys()
    {
        var secret = compiled.Template.Single("Microsoft.KeyVault/vaults/secrets");
        Assert.Equal("items(parameters('secrets'))[copyIndex()].value", ArmExpression.Body(secret.At("properties.value")!.GetValue<string>()));
        Assert.Equal("secureObject", secret.Scope.ParameterDefinition("secrets")?["type"]?.GetValue<string>());

        // An object, not a string: azd parses an object parameter's value as JSON, where a string's quotes would break the file.
        var writeKeys = compiled.Template.Root.ParameterDefinition("writeKeys");
        Assert.Equal("secureObject", writeKeys?["type"]?.GetValue<string>());
        Assert.Empty(writeKeys?["defaultValue"]?.AsObject() ?? throw new InvalidOperationException("writeKeys has no default."));
        var deployment = Assert.Single(compiled.Template.Root.Resources, static r => r.Type == ArmTemplate.DeploymentType && r.Name == "keyvault");
        Assert.StartsWith("toObject(items(parameters('writeKeys'))", compiled.Template.Root.Resolve(deployment.At("properties.parameters.secrets.value")), StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_InEveryTemplate_NeverCarryASecureParameter()
    {
        var scopes = new[] { compiled.Template.Root }
            .Concat(compiled.Template.Resources.Select(static r => r.NestedScope).OfType<ArmScope>());
        foreach (var scope in scopes)
        {
            var secure = (scope.Template["parameters"]?.AsObject() ?? [])
                .Where(static p => p.Value?["type"]?.GetValue<string>() is { } type && type.StartsWith("secure", StringComparison.OrdinalIgnoreCase))
                .Select(static p => $"parameters('{p.Key}')")
                .ToList();
            foreach (var (name, output) in scope.Template["outputs"]?.AsObject() ?? [])
            {
                var text = scope.Resolve(output?["value"]);
                Assert.False(
                    secure.Any(p => text.Contains(p, StringComparison.Ordinal)),
                    $"Output {scope.Name}.{name} reads a secure parameter: {text}");
                Assert.False(
                    output?["type"]?.GetValue<string>() is { } type && type.StartsWith("secure", StringComparison.OrdinalIgnoreCase),
                    $"Output {scope.Name}.{name} is secure; outputs here are names, ids and endpoints only.");
            }
        }
    }
}
