namespace Microsoft.Azure.Functions.Worker;

/// <summary>Stand-in of Worker.Extensions.Timer's <c>ScheduleStatus</c>.</summary>
public class ScheduleStatus
{
    public DateTime Last { get; set; }

    public DateTime Next { get; set; }

    public DateTime LastUpdated { get; set; }
}
