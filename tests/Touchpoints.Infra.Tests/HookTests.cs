using System.Diagnostics;
using Touchpoints.Testing;
using Xunit;

namespace Touchpoints.Infra.Tests;

/// <summary>
/// The azd postprovision hook that refreshes the app's Key Vault references once its roles are effective. The POSIX
/// script runs here against a stand-in <c>az</c> that records its calls; the PowerShell one is checked for the same commands.
/// </summary>
public sealed class HookTests : IDisposable
{
    private static readonly string PosixHook = RepositoryPaths.Combine("infra", "hooks", "postprovision.sh");
    private static readonly string WindowsHook = RepositoryPaths.Combine("infra", "hooks", "postprovision.ps1");

    private readonly string _directory = Directory.CreateTempSubdirectory("touchpoints-hook-").FullName;

    [Fact]
    public void AzureYaml_RunsThePostprovisionHook_OnPosixAndWindows()
    {
        var lines = File.ReadAllLines(RepositoryPaths.Combine("azure.yaml")).Select(static l => l.Trim()).ToList();

        Assert.Contains("postprovision:", lines);
        Assert.Contains("shell: sh", lines);
        Assert.Contains("run: ./infra/hooks/postprovision.sh", lines);
        Assert.Contains("shell: pwsh", lines);
        Assert.Contains("run: ./infra/hooks/postprovision.ps1", lines);
        Assert.True(File.Exists(PosixHook) && File.Exists(WindowsHook));
    }

    [Theory]
    [InlineData("sh")]
    [InlineData("bash")]
    public async Task PosixHook_Parses(string shell)
    {
        var run = await RunAsync(shell, ["-n", PosixHook], new Dictionary<string, string>());

        Assert.True(run.ExitCode == 0, run.Output);
    }

    [Fact]
    public async Task PosixHook_WhenReferencesResolveOnTheSecondTry_RefreshesTwiceThenRestartsTheApp()
    {
        // Arrange
        var environment = FakeAz(resolvedAfterStatusCalls: 2, attempts: 5);

        // Act
        var run = await RunAsync("sh", [PosixHook], environment);

        // Assert
        Assert.True(run.ExitCode == 0, run.Output);
        const string Site = "/subscriptions/sub-1/resourceGroups/rg-touchpoints/providers/Microsoft.Web/sites/func-abc";
        Assert.Equal(
            [
                $"rest --method post --url {Site}/config/configreferences/appsettings/refresh?api-version=2022-03-01 --output none",
                $"rest --method get --url {Site}/config/configreferences/appsettings?api-version=2022-03-01 --query value[?properties.status != 'Resolved'].name --output tsv",
                $"rest --method post --url {Site}/config/configreferences/appsettings/refresh?api-version=2022-03-01 --output none",
                $"rest --method get --url {Site}/config/configreferences/appsettings?api-version=2022-03-01 --query value[?properties.status != 'Resolved'].name --output tsv",
                "functionapp restart --resource-group rg-touchpoints --name func-abc --output none",
            ],
            File.ReadAllLines(Path.Combine(_directory, "az.log")));
    }

    [Fact]
    public async Task PosixHook_WhenReferencesNeverResolve_FailsNamingThemWithoutRestarting()
    {
        // Arrange
        var environment = FakeAz(resolvedAfterStatusCalls: int.MaxValue, attempts: 2);

        // Act
        var run = await RunAsync("sh", [PosixHook], environment);

        // Assert
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Touchpoints__WriteKeys__web", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(_directory, "az.log")), static l => l.StartsWith("functionapp restart", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PosixHook_WithoutTheProvisionOutputs_Fails()
    {
        var environment = FakeAz(resolvedAfterStatusCalls: 1, attempts: 1);
        environment.Remove("AZURE_FUNCTION_APP_NAME");

        var run = await RunAsync("sh", [PosixHook], environment);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("AZURE_FUNCTION_APP_NAME", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config/configreferences/appsettings/refresh?")]
    [InlineData("config/configreferences/appsettings?")]
    [InlineData("api-version=2022-03-01")]
    [InlineData("value[?properties.status != 'Resolved'].name")]
    [InlineData("az functionapp restart")]
    [InlineData("TOUCHPOINTS_REFERENCE_REFRESH_ATTEMPTS")]
    public void BothHooks_NameTheSameCommands(string command)
    {
        Assert.Contains(command, File.ReadAllText(PosixHook), StringComparison.Ordinal);
        Assert.Contains(command, File.ReadAllText(WindowsHook), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WindowsHook_Parses()
    {
        if (!OnPath("pwsh"))
        {
            Assert.Skip("PowerShell (pwsh) is not installed on this machine.");
        }

        var script = $"$e = $null; [System.Management.Automation.Language.Parser]::ParseFile('{WindowsHook}', [ref]$null, [ref]$e) | Out-Null; if ($e) {{ $e; exit 1 }}";
        var run = await RunAsync("pwsh", ["-NoProfile", "-NonInteractive", "-Command", script], new Dictionary<string, string>());

        Assert.True(run.ExitCode == 0, run.Output);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // A stand-in az first on PATH: it logs each call, and answers a status request with one unresolved reference until
    // the given call.
    private Dictionary<string, string> FakeAz(int resolvedAfterStatusCalls, int attempts)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName;
        var az = Path.Combine(bin, "az");
        File.WriteAllText(az, """
            #!/bin/sh
            echo "$*" >> "$FAKE_AZ_DIR/az.log"
            case "$*" in
              *"--method get"*)
                n=$(cat "$FAKE_AZ_DIR/status-calls" 2>/dev/null || echo 0)
                n=$((n + 1))
                echo "$n" > "$FAKE_AZ_DIR/status-calls"
                if [ "$n" -lt "$FAKE_AZ_RESOLVED_AFTER" ]; then echo "func-abc/Touchpoints__WriteKeys__web"; fi
                ;;
            esac
            """.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["FAKE_AZ_DIR"] = _directory,
            ["FAKE_AZ_RESOLVED_AFTER"] = resolvedAfterStatusCalls.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AZURE_SUBSCRIPTION_ID"] = "sub-1",
            ["AZURE_RESOURCE_GROUP"] = "rg-touchpoints",
            ["AZURE_FUNCTION_APP_NAME"] = "func-abc",
            ["TOUCHPOINTS_REFERENCE_REFRESH_ATTEMPTS"] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TOUCHPOINTS_REFERENCE_REFRESH_DELAY_SECONDS"] = "0",
        };
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only what the test gives, so no AZURE_* of the machine running the tests leaks in.
        foreach (var name in start.Environment.Keys.Where(static k => k.StartsWith("AZURE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
