namespace Touchpoints.Server;

/// <summary>Applies <see cref="AdminKeyPolicy"/> to an endpoint group: 401 when the caller is not allowed.</summary>
internal sealed class AdminKeyFilter(AdminKeyPolicy policy) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!policy.IsAllowed(context.HttpContext.Request))
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Admin key required", detail: "Send Touchpoints:AdminKey as x-functions-key or ?code=.");
        }

        return await next(context).ConfigureAwait(false);
    }
}
