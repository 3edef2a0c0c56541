namespace Touchpoints.Hosting;

/// <summary>A request body as read by <see cref="RequestBodyReader"/>.</summary>
internal readonly record struct BodyReadResult(byte[] Body, BodyReadStatus Status, string? Problem = null)
{
    public bool IsOk => Status == BodyReadStatus.Ok;
}
