namespace Microsoft.Azure.Functions.Worker;

/// <summary>Stand-in of Worker.Extensions.Http's <c>AuthorizationLevel</c>.</summary>
public enum AuthorizationLevel
{
    Anonymous = 0,
    User = 1,
    Function = 2,
    System = 3,
    Admin = 4,
}
