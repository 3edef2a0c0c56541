namespace Microsoft.Azure.Functions.Worker;

/// <summary>Stand-in of Worker.Extensions.Timer's <c>TimerInfo</c>.</summary>
public class TimerInfo
{
    public ScheduleStatus? ScheduleStatus { get; set; }

    public bool IsPastDue { get; set; }
}
