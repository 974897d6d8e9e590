using System.Text;
using System.Text.RegularExpressions;
using Twin.Durability.Tests.Infrastructure;

namespace Twin.Silo.Tests.Contracts;

/// <summary>
/// Wire texts (REST responses, hub messages) compared byte for byte with the copies recorded in
/// <c>Contracts/WireJson/</c>. Only what changes from run to run is normalised: times keep their format but not
/// their value (a zero fraction such as <c>.0000000</c> is kept, any other becomes <c>.&lt;f&gt;</c>), trace ids
/// and a pump's minutes in its state (counted to now) go, and the members of a river gauge's <c>thresholds</c> are sorted because the grain hands them over in
/// hash order, which differs per process. Set <c>TWIN_RECORD_WIRE_JSON=1</c> to record them anew.
/// </summary>
public sealed partial class RecordedWire
{
    private readonly List<(string Name, string Text)> _texts = [];

    private static string Folder => Path.Combine(Repository.Root, "tests", "Twin.Silo.Tests", "Contracts", "WireJson");

    /// <summary>Keeps a text under <paramref name="name"/> (a file name without extension).</summary>
    public void Add(string name, string header, string json, bool gaugeThresholds = false)
    {
        Assert.DoesNotContain(_texts, t => t.Name == name);
        var text = Times().Replace(json, m =>
        {
            var fraction = m.Groups[1].Value;
            var kept = fraction.Length == 0 || fraction.Trim('0') == "." ? fraction : ".<f>";
            return "<time>" + kept + m.Groups[2].Value;
        });
        text = TraceIds().Replace(text, "\"traceId\":\"<trace>\"");
        text = Guids().Replace(text, "<guid>");
        text = StateMinutes().Replace(text, "\"state_minutes\":<minutes>");
        if (gaugeThresholds)
        {
            text = Thresholds().Replace(text, m =>
                "\"thresholds\":{" + string.Join(',', m.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)) + "}");
        }
        _texts.Add((name, Guids().Replace(Times().Replace(header, "<time>"), "<guid>") + "\n\n" + text + "\n"));
    }

    /// <summary>Every text equals its recorded copy, and no recorded copy is left without a text.</summary>
    public void AssertAsRecorded()
    {
        Directory.CreateDirectory(Folder);
        if (Environment.GetEnvironmentVariable("TWIN_RECORD_WIRE_JSON") == "1")
        {
            foreach (var file in Directory.EnumerateFiles(Folder, "*.txt"))
            {
                File.Delete(file);
            }
            foreach (var (name, text) in _texts)
            {
                File.WriteAllText(Path.Combine(Folder, name + ".txt"), text, new UTF8Encoding(false));
            }
        }
        var failures = new StringBuilder();
        foreach (var (name, text) in _texts)
        {
            var path = Path.Combine(Folder, name + ".txt");
            if (!File.Exists(path))
            {
                failures.Append(name).Append(": not recorded\n");
                continue;
            }
            var recorded = File.ReadAllText(path);
            if (recorded != text)
            {
                var at = 0;
                while (at < Math.Min(recorded.Length, text.Length) && recorded[at] == text[at])
                {
                    at++;
                }
                var from = Math.Max(0, at - 60);
                failures.Append(name).Append(": differs at ").Append(at).Append('\n')
                    .Append("  recorded: …").Append(recorded.AsSpan(from, Math.Min(recorded.Length, at + 60) - from)).Append('\n')
                    .Append("  now:      …").Append(text.AsSpan(from, Math.Min(text.Length, at + 60) - from)).Append('\n');
            }
        }
        foreach (var file in Directory.EnumerateFiles(Folder, "*.txt"))
        {
            if (!_texts.Exists(t => t.Name == Path.GetFileNameWithoutExtension(file)))
            {
                failures.Append(Path.GetFileName(file)).Append(": recorded but no longer produced\n");
            }
        }
        Assert.True(failures.Length == 0, failures.ToString());
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})")]
    private static partial Regex Times();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guids();

    [GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial Regex TraceIds();

    [GeneratedRegex("\"state_minutes\":[-0-9.eE+]+")]
    private static partial Regex StateMinutes();

    [GeneratedRegex("\"thresholds\":\\{([^{}]*)\\}")]
    private static partial Regex Thresholds();
}
