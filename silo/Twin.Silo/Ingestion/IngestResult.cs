using Twin.Grains.Abstractions;

namespace Twin.Silo.Ingestion;

/// <summary>What became of one uplink: applied/late/duplicate, or rejected with a reason.</summary>
public sealed record IngestResult(ApplyOutcome? Outcome, Rejection? Rejection, string? DeviceId)
{
    /// <summary>Whether the uplink was taken (applied, late or duplicate).</summary>
    public bool Accepted => Rejection is null;
}
