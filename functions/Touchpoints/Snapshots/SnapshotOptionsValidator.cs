using Microsoft.Extensions.Options;

namespace Touchpoints.Snapshots;

/// <summary>Fails the host at start on invalid snapshot options (a time zone this machine lacks, a malformed schedule).</summary>
internal sealed class SnapshotOptionsValidator : IValidateOptions<SnapshotOptions>
{
    public ValidateOptionsResult Validate(string? name, SnapshotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
