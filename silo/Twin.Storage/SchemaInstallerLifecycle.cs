using Twin.Storage.Schema;

namespace Twin.Storage;

/// <summary>Runs the schema installer as the silo's first start-up step.</summary>
internal sealed class SchemaInstallerLifecycle(SchemaInstaller installer) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaInstallerLifecycle), ServiceLifecycleStage.First, installer.EnsureInstalledAsync);
}
