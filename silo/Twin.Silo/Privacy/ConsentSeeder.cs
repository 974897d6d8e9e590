namespace Twin.Silo.Privacy;

/// <summary>Seeds the consent register at start (an empty database only), so the first reading of a child finds it filled.</summary>
public sealed class ConsentSeeder(ConsentRegister register) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => register.EnsureSeededAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
