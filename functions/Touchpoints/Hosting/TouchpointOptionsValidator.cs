using Microsoft.Extensions.Options;

namespace Touchpoints.Hosting;

/// <summary>Fails start-up with every problem of <see cref="TouchpointOptions"/> listed.</summary>
internal sealed class TouchpointOptionsValidator : IValidateOptions<TouchpointOptions>
{
    public ValidateOptionsResult Validate(string? name, TouchpointOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
