using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Twin.Silo.Auth;

/// <summary>
/// Counts failed sign-ins per account name and per client address in a fixed window; past the limit, sign-ins of that
/// name or from that address are refused (429) until the window ends, whatever the password. Per silo, in memory.
/// </summary>
public sealed class SignInThrottle(IOptions<AuthOptions> options, TimeProvider time)
{
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    private sealed record Window(DateTimeOffset Ends, int Failures);

    /// <summary>How long until this name and address may try again; null when they may now.</summary>
    public TimeSpan? RetryAfter(string name, string address)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        var byName = Blocked("name:" + name, o.MaxFailedSignInsPerAccount, now);
        var byAddress = Blocked("ip:" + address, o.MaxFailedSignInsPerAddress, now);
        return byName is null ? byAddress : byAddress is null ? byName : (byName > byAddress ? byName : byAddress);
    }

    /// <summary>Counts a failed sign-in against the name and the address.</summary>
    public void Failed(string name, string address)
    {
        var now = time.GetUtcNow();
        var window = TimeSpan.FromMinutes(options.Value.SignInWindowMinutes);
        foreach (var key in new[] { "name:" + name, "ip:" + address })
        {
            _windows.AddOrUpdate(key, _ => new Window(now + window, 1),
                (_, w) => w.Ends <= now ? new Window(now + window, 1) : w with { Failures = w.Failures + 1 });
        }
        if (_windows.Count > PruneAbove)
        {
            foreach (var (key, w) in _windows)
            {
                if (w.Ends <= now)
                {
                    _windows.TryRemove(key, out _);
                }
            }
        }
    }

    /// <summary>A good password clears the name's count (not the address's: one right guess must not reset a spray).</summary>
    public void Succeeded(string name) => _windows.TryRemove("name:" + name, out _);

    private TimeSpan? Blocked(string key, int limit, DateTimeOffset now) =>
        _windows.TryGetValue(key, out var w) && w.Ends > now && w.Failures >= limit ? w.Ends - now : null;
}
