using System.Globalization;
using System.Text;

namespace Twin.Silo.Ingestion;

/// <summary>
/// Makes text that arrived from outside (a topic, a device id, a name in a payload) safe to show: in a log line,
/// a rejection's detail, a reading's metadata. Control characters, line and paragraph separators, bidirectional
/// overrides and lone surrogates are escaped (<c>\n</c>, <c>\u0000</c>), so one message cannot forge log lines
/// or reorder what a reader sees, and the length is bounded.
/// </summary>
public static class LogText
{
    /// <summary>The text with every unsafe character escaped, cut to at most <paramref name="maxLength"/> characters (then ending in <c>…</c>).</summary>
    public static string Safe(string? text, int maxLength = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (text is null)
        {
            return "";
        }
        if (text.Length <= maxLength && !HasUnsafe(text))
        {
            return text;
        }
        var result = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string piece;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                piece = text.Substring(i++, 2);
            }
            else if (IsUnsafe(c))
            {
                piece = c switch
                {
                    '\n' => @"\n",
                    '\r' => @"\r",
                    '\t' => @"\t",
                    _ => @"\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                };
            }
            else
            {
                piece = c.ToString();
            }
            // Cut before a piece that does not fit whole, so no escape or surrogate pair is split.
            var last = i == text.Length - 1;
            if (result.Length + piece.Length > (last ? maxLength : maxLength - 1))
            {
                return result.Append('…').ToString();
            }
            result.Append(piece);
        }
        return result.ToString();
    }

    /// <summary>Whether the text holds a character <see cref="Safe"/> would escape (a control character, a line or
    /// paragraph separator, a bidirectional control, a lone surrogate).</summary>
    public static bool HasUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsUnsafe(c))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A character unsafe on its own (a surrogate here is a lone one: pairs are taken before this is asked).</summary>
    private static bool IsUnsafe(char c) =>
        char.IsControl(c)
        || char.IsSurrogate(c)
        || c is '\u2028' or '\u2029' // line and paragraph separators
        || c is '\u200e' or '\u200f' or '\u061c' // direction marks
        || c is >= '\u202a' and <= '\u202e' // bidirectional embeddings and overrides
        || c is >= '\u2066' and <= '\u2069'; // bidirectional isolates
}
