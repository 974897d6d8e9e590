using System.Globalization;
using System.Text;
using Twin.Grains.Abstractions;

namespace Twin.Silo.Api;

/// <summary>History as CSV, <c>ts,seq[,state],field…[,flag]</c>, written to the response row by row as the history yields them.</summary>
internal static class HistoryCsv
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The response: a header naming <paramref name="fields"/> (and a flag column when <paramref name="flagColumn"/>), then one line per row.</summary>
    public static IResult Result(DeviceKind kind, IReadOnlyList<string> fields, bool flagColumn, IAsyncEnumerable<Reading> rows) =>
        Results.Stream(body => WriteAsync(body, kind, fields, flagColumn, rows), "text/csv; charset=utf-8");

    private static async Task WriteAsync(Stream body, DeviceKind kind, IReadOnlyList<string> fields, bool flagColumn, IAsyncEnumerable<Reading> rows)
    {
        var hasState = kind == DeviceKind.SnowPump;
        await using var writer = new StreamWriter(body, Utf8, bufferSize: 16 * 1024, leaveOpen: true);
        var line = new StringBuilder("ts,seq");
        if (hasState)
        {
            line.Append(",state");
        }
        foreach (var f in fields)
        {
            line.Append(',').Append(f);
        }
        if (flagColumn)
        {
            line.Append(",flag");
        }
        line.Append('\n');
        await writer.WriteAsync(line);
        await foreach (var r in rows)
        {
            line.Clear();
            line.Append(r.Ts.ToString("O", CultureInfo.InvariantCulture)).Append(',').Append(r.Seq.ToString(CultureInfo.InvariantCulture));
            if (hasState)
            {
                line.Append(',').Append(r.State);
            }
            foreach (var f in fields)
            {
                line.Append(',');
                if (r.Values.TryGetValue(f, out var v))
                {
                    line.Append(v.ToString("R", CultureInfo.InvariantCulture));
                }
            }
            if (flagColumn)
            {
                line.Append(',').Append(r.Flag);
            }
            line.Append('\n');
            await writer.WriteAsync(line);
        }
    }
}
