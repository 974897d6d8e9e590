namespace Twin.Silo.Alarms;

/// <summary>The receiver refused a notification for good (a 4xx other than 408/429, an unknown mailbox): it is parked, not retried.</summary>
public sealed class NotificationRefusedException : Exception
{
    public NotificationRefusedException()
    {
    }

    public NotificationRefusedException(string message) : base(message)
    {
    }

    public NotificationRefusedException(string message, Exception inner) : base(message, inner)
    {
    }
}
