namespace Twin.Silo.Auth;

/// <summary>The address failed sign-ins are counted against.</summary>
public static class ClientAddress
{
    /// <summary>The remote IP address (behind a proxy, configure forwarded headers so this is the client's).</summary>
    public static string Of(HttpContext http) =>
        (http ?? throw new ArgumentNullException(nameof(http))).Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
