namespace Twin.Grains.Abstractions;

/// <summary>How many children with a recorded consent there are, how many report, how many are out and about.</summary>
[GenerateSerializer, Immutable, Alias("twin.children-summary")]
public sealed record ChildrenSummary(
    [property: Id(0)] int Registered,
    [property: Id(1)] int Reporting,
    [property: Id(2)] int Out);
