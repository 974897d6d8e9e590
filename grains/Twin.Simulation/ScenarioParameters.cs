using System.Globalization;

namespace Twin.Simulation;

/// <summary>Reads a request's option values as numbers, times and choices, with a <see cref="ScenarioParameterException"/> naming the option on bad input.</summary>
public sealed class ScenarioParameters(SimulationRequest request, IReadOnlyList<ScenarioOption> options)
{
    /// <summary>Throws on an option the scenario does not have (a typo must not run silently on the default).</summary>
    public void RejectUnknown()
    {
        foreach (var name in request.Parameters.Keys)
        {
            if (!options.Any(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ScenarioParameterException(name,
                    $"'{request.Scenario}' has no option '{name}'; its options are: {string.Join(", ", options.Select(o => o.Name))}.");
            }
        }
    }

    /// <summary>Every option with the value the run uses, by name (sorted), for result.json.</summary>
    public SortedDictionary<string, string> Effective()
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in options)
        {
            values[option.Name] = Text(option.Name);
        }
        return values;
    }

    public string Text(string name)
    {
        var option = Option(name);
        foreach (var (key, value) in request.Parameters)
        {
            if (string.Equals(key, option.Name, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }
        return option.Default;
    }

    /// <summary>The text of the file an option names, or null when the option is blank.</summary>
    public async Task<string?> FileTextAsync(string name, CancellationToken ct)
    {
        var path = Text(name);
        if (path.Length == 0)
        {
            return null;
        }
        try
        {
            return await File.ReadAllTextAsync(path, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioParameterException(name, $"Cannot read '{path}' ({name}): {e.Message}");
        }
    }

    public double Number(string name, double min, double max)
    {
        var text = Text(name);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new ScenarioParameterException(name, $"Option '{name}' must be a number; got '{text}'.");
        }
        if (value < min || value > max)
        {
            throw new ScenarioParameterException(name,
                string.Create(CultureInfo.InvariantCulture, $"Option '{name}' must be between {min} and {max}; got {value}."));
        }
        return value;
    }

    public int Integer(string name, int min, int max)
    {
        var value = Number(name, min, max);
        if (value != Math.Floor(value))
        {
            throw new ScenarioParameterException(name, $"Option '{name}' must be a whole number; got '{Text(name)}'.");
        }
        return (int)value;
    }

    public DateTimeOffset Time(string name)
    {
        var text = Text(name);
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) || !HasOffset(text))
        {
            throw new ScenarioParameterException(name, $"Option '{name}' must be an ISO-8601 time with an offset (2026-07-10T00:00+09:00); got '{text}'.");
        }
        return value;
    }

    /// <summary>Checks a preset option unless a file option replaces it.</summary>
    public void PresetUnlessFile(string preset, string file, string[] presets)
    {
        if (Text(file).Length == 0)
        {
            Choice(preset, presets);
        }
    }

    public string Choice(string name, params string[] choices)
    {
        var text = Text(name);
        return choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase))
            ?? throw new ScenarioParameterException(name, $"Option '{name}' must be one of {string.Join(", ", choices)}; got '{text}'.");
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && (text[^6] is '+' or '-') && text[^3] == ':');

    private ScenarioOption Option(string name) =>
        options.FirstOrDefault(o => o.Name == name) ?? throw new InvalidOperationException($"The scenario reads an option '{name}' it does not declare.");
}
