using System.Text.Json.Nodes;
using Touchpoints.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(Touchpoints.Infra.Tests.CompiledTemplate))]

namespace Touchpoints.Infra.Tests;

/// <summary>
/// Builds and lints <c>infra/main.bicep</c> once per test run and exposes the compiled ARM template,
/// nested module deployments included, to every test.
/// </summary>
public sealed class CompiledTemplate : IAsyncLifetime
{
    private readonly string _outputDirectory = Path.Combine(Path.GetTempPath(), "touchpoints-infra-" + Guid.NewGuid().ToString("N"));
    private ArmTemplate? _template;

    public static string MainBicep => RepositoryPaths.Combine("infra", "main.bicep");

    internal BicepRun Build { get; private set; } = null!;

    internal BicepRun Lint { get; private set; } = null!;

    /// <summary>The compiled template; a build that produced no template fails every test that needs it.</summary>
    internal ArmTemplate Template => _template ?? throw new InvalidOperationException($"infra/main.bicep did not compile:\n{Build}");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_outputDirectory);
        var root = RepositoryPaths.Root;
        var build = BicepCli.RunAsync(root, "build", MainBicep, "--outdir", _outputDirectory);
        var lint = BicepCli.RunAsync(root, "lint", MainBicep);
        Build = await build;
        Lint = await lint;

        var compiled = Path.Combine(_outputDirectory, "main.json");
        if (Build.ExitCode == 0 && File.Exists(compiled))
        {
            var json = JsonNode.Parse(await File.ReadAllTextAsync(compiled))?.AsObject()
                ?? throw new InvalidOperationException($"{compiled} is not a JSON object.");
            _template = new ArmTemplate(json);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_outputDirectory))
        {
            Directory.Delete(_outputDirectory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
