using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Twin.Catalog;
using Twin.Codecs;

namespace Twin.Cli.Mqtt;

/// <summary>
/// <c>Twin.Cli mqtt passwd --out DIR</c>: writes <c>passwd</c> and <c>acl</c> for an outside Mosquitto from the catalog
/// and the accounts in the environment (<see cref="MqttSecretsInput"/>).
/// </summary>
public sealed class MqttPasswdCommand : Command<MqttPasswdCommand.Settings>
{
    /// <summary>The password file's name in the output folder.</summary>
    public const string PasswordFileName = "passwd";

    /// <summary>The ACL file's name in the output folder.</summary>
    public const string AclFileName = "acl";

    /// <summary>The command line; secrets are read from the environment, never from here.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-o|--out <DIR>")]
        [Description("Folder to write passwd and acl into (created if missing).")]
        public string Out { get; init; } = "";

        [CommandOption("--shared-group <NAME>")]
        [Description("The silos' MQTT 5 shared-subscription group (Twin:Mqtt:External:SharedGroup).")]
        [DefaultValue("twin")]
        public string SharedGroup { get; init; } = "twin";

        [CommandOption("--dead-letter-topic <TOPIC>")]
        [Description("The silos' dead-letter topic (Twin:Mqtt:DeadLetterTopic), if they publish one.")]
        public string? DeadLetterTopic { get; init; }

        [CommandOption("--synthetic-devices <N>")]
        [Description("Generated devices added to the catalog, as the silos' Twin:Catalog:SyntheticDevices.")]
        [DefaultValue(0)]
        public int SyntheticDevices { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out DIR is required.")
            : SyntheticDevices < 0 ? ValidationResult.Error("--synthetic-devices must not be negative.")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        MosquittoAccessFiles files;
        try
        {
            var input = MqttSecretsInput.FromEnvironment(Environment.GetEnvironmentVariable);
            var catalog = TwinCatalog.Load(settings.SyntheticDevices);
            files = MosquittoAccessFiles.Build(
                catalog.Devices.Select(d => d.Id),
                id => DeviceKeys.PasswordFor(input.DeviceKeySecret, id),
                input.Silos,
                settings.SharedGroup,
                input.Accounts,
                settings.DeadLetterTopic);
        }
        catch (ArgumentException ex)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{ex.Message}[/]");
            return 1;
        }
        Directory.CreateDirectory(settings.Out);
        // The password file holds hashes only, still readable by its owner alone (run this as the broker's user).
        Write(Path.Combine(settings.Out, PasswordFileName), files.PasswordFile);
        Write(Path.Combine(settings.Out, AclFileName), files.AclFile);
        AnsiConsole.MarkupLineInterpolated(
            $"Wrote {Path.Combine(settings.Out, PasswordFileName)} ({files.DeviceCount} devices, the silos' account and {files.PasswordFile.Count(c => c == '\n') - files.DeviceCount - 1} other accounts) and {Path.Combine(settings.Out, AclFileName)}.");
        return 0;
    }

    /// <summary>Replaces the file atomically (a broker reloading on SIGHUP never sees half a file), mode 600.</summary>
    private static void Write(string path, string text)
    {
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }
        File.Move(temp, path, overwrite: true);
    }
}
