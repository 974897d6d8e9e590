namespace Twin.Silo.Ingestion.Access;

/// <summary>
/// Which topics an MQTT client may publish to, subscribe to and be sent (DESIGN.md, "Access"): a device its own
/// uplink and downlink; a network server the LoRaWAN topics of its applications; a fleet the native uplinks and
/// downlinks of its kinds; an observer alarms and dead letters; only the twin publishes downlinks, alarms and dead
/// letters; nobody subscribes to uplinks. Plain logic, no broker: the embedded broker asks it on every PUBLISH,
/// SUBSCRIBE and delivery.
/// </summary>
public sealed class MqttRights(string? deadLetterTopic)
{
    /// <summary>Refusal label: a topic that is not the client's.</summary>
    public const string NotItsTopic = "not-its-topic";

    /// <summary>Refusal label: a topic only the twin publishes to (downlinks, alarms, dead letters).</summary>
    public const string TwinOnlyTopic = "twin-only-topic";

    /// <summary>Refusal label: an uplink with the retain flag.</summary>
    public const string RetainedUplink = "retained-uplink";

    /// <summary>Refusal label: a subscription to a filter the lab keeps refused, as interoperability suites expect.</summary>
    public const string LabRefusedFilter = "lab-refused-filter";

    private readonly string[]? _deadLetter = string.IsNullOrEmpty(deadLetterTopic) ? null : deadLetterTopic.Split('/');

    /// <summary>Why <paramref name="client"/> may not publish to <paramref name="topic"/>; null when it may.</summary>
    public string? RefusePublish(MqttPrincipal client, string topic, bool retain)
    {
        if (client.Is(MqttRoles.Twin))
        {
            return null;
        }
        var t = MqttTopic.Parse(topic, deadLetterTopic);
        var allowed = t.Kind switch
        {
            MqttTopicKind.NativeUplink => (client.Is(MqttRoles.Device) && t.Owner == client.Name) || (client.Is(MqttRoles.Fleet) && client.HasKind(t.Scope!)),
            MqttTopicKind.TtsUplink or MqttTopicKind.ChirpStackUplink => client.Is(MqttRoles.NetworkServer) && client.HasApplication(t.Scope!),
            MqttTopicKind.NativeDownlink or MqttTopicKind.TtsDownlink or MqttTopicKind.ChirpStackDownlink
                or MqttTopicKind.Alarm or MqttTopicKind.DeadLetter => false,
            MqttTopicKind.Other => client.Is(MqttRoles.LabAnonymous),
            _ => false,
        };
        if (!allowed)
        {
            return t.Kind is MqttTopicKind.NativeDownlink or MqttTopicKind.TtsDownlink or MqttTopicKind.ChirpStackDownlink
                or MqttTopicKind.Alarm or MqttTopicKind.DeadLetter ? TwinOnlyTopic : NotItsTopic;
        }
        return retain && t.IsUplink ? RetainedUplink : null;
    }

    /// <summary>Whether a message on <paramref name="topic"/> may be sent to <paramref name="client"/>.</summary>
    public bool MayReceive(MqttPrincipal client, string topic)
    {
        var t = MqttTopic.Parse(topic, deadLetterTopic);
        return t.Kind switch
        {
            MqttTopicKind.NativeDownlink => (client.Is(MqttRoles.Device) && t.Owner == client.Name) || (client.Is(MqttRoles.Fleet) && client.HasKind(t.Scope!)),
            MqttTopicKind.TtsDownlink or MqttTopicKind.ChirpStackDownlink => client.Is(MqttRoles.NetworkServer) && client.HasApplication(t.Scope!),
            MqttTopicKind.Alarm or MqttTopicKind.DeadLetter => client.Is(MqttRoles.Observer),
            MqttTopicKind.Other => client.Is(MqttRoles.LabAnonymous),
            _ => false,
        };
    }

    /// <summary>
    /// Why <paramref name="client"/> may not subscribe to <paramref name="filter"/>; null when it may. A filter is
    /// allowed when every topic it can match is one the client may be sent; the lab's anonymous clients may use
    /// wildcards over their test topics, and each message is checked again on delivery (<see cref="MayReceive"/>).
    /// </summary>
    public string? RefuseSubscribe(MqttPrincipal client, string filter)
    {
        var f = filter.Split('/');
        if (client.Is(MqttRoles.LabAnonymous))
        {
            if (filter.StartsWith("test/nosubscribe", StringComparison.Ordinal))
            {
                return LabRefusedFilter;
            }
            if (!IsTwinNamespace(f[0]) && !(_deadLetter is not null && f[0] == _deadLetter[0]))
            {
                return null;
            }
        }
        foreach (var (segments, restAny) in Templates(client))
        {
            if (Covers(f, segments, restAny))
            {
                return null;
            }
        }
        return NotItsTopic;
    }

    private static bool IsTwinNamespace(string first) => first is "toyama" or "v3" or "application" || first.StartsWith('$');

    /// <summary>The topic shapes a client may be sent, segment by segment.</summary>
    private IEnumerable<(Segment[] Segments, bool RestAny)> Templates(MqttPrincipal client)
    {
        if (client.Is(MqttRoles.Device))
        {
            yield return ([Segment.Is("toyama"), Segment.Any, Segment.Is(client.Name), Segment.Is("down")], false);
        }
        if (client.Is(MqttRoles.Fleet))
        {
            yield return ([Segment.Is("toyama"), new(client.HasKind, client.Kinds is null), Segment.Any, Segment.Is("down")], false);
        }
        if (client.Is(MqttRoles.NetworkServer))
        {
            var application = new Segment(client.HasApplication, client.Applications is null);
            yield return ([Segment.Is("v3"), application, Segment.Is("devices"), Segment.Any, Segment.Is("down"), Segment.Any], false);
            yield return ([Segment.Is("application"), application, Segment.Is("device"), Segment.Any, Segment.Is("command"), Segment.Is("down")], false);
        }
        if (client.Is(MqttRoles.Observer))
        {
            yield return ([Segment.Is("toyama"), Segment.Is("alarms")], true);
            if (_deadLetter is not null)
            {
                yield return ([.. _deadLetter.Select(Segment.Is)], false);
            }
        }
    }

    /// <summary>Whether every topic <paramref name="filter"/> matches fits the template.</summary>
    private static bool Covers(string[] filter, Segment[] template, bool restAny)
    {
        for (var i = 0; i < filter.Length; i++)
        {
            var f = filter[i];
            if (f == "#")
            {
                // The rest of the levels, whatever they hold: only where the template leaves them all open.
                return i == filter.Length - 1 && (i >= template.Length ? restAny : template.Skip(i).All(s => s.Open));
            }
            if (i >= template.Length)
            {
                return restAny;
            }
            if (f == "+" ? !template[i].Open : (f.Contains('+', StringComparison.Ordinal) || !template[i].Accepts(f)))
            {
                return false;
            }
        }
        return filter.Length == template.Length || (restAny && filter.Length > template.Length);
    }

    /// <summary>One level of a topic template: which names it accepts, and whether it accepts any (so a <c>+</c> may stand there).</summary>
    private readonly record struct Segment(Func<string, bool> Accepts, bool Open)
    {
        public static readonly Segment Any = new(static _ => true, true);

        public static Segment Is(string name) => new(s => s == name, false);
    }
}
