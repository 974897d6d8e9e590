using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Grains.Aggregates;

namespace Twin.Grains.Tests.Aggregates;

/// <summary>Children are published on the cadence: a move changes nothing until the next tick, and a cell under five then disappears.</summary>
public sealed class ChildCadenceTests
{
    private static readonly string Here = Mesh.QuarterMeshCode(36.6959, 137.2137);
    private static readonly string There = Mesh.QuarterMeshCode(36.7100, 137.2500);

    private static DeviceDigest Child(int i, string cell) =>
        new($"ct-{i:00000}", DeviceKind.ChildTracker, TwinStatus.Normal, Silent: false) { Out = true, Cell = cell };

    private static (Tally Tally, ChildCadence Cadence) District(int children)
    {
        var tally = new Tally();
        for (var i = 0; i < children; i++)
        {
            tally.AddUnknown(DeviceKind.ChildTracker);
        }
        var cadence = new ChildCadence(tally);
        cadence.StartWith(Enumerable.Range(0, children).Select(i => $"ct-{i:00000}"));
        return (tally, cadence);
    }

    [Fact]
    public void WhatChildrenTellIsCountedOnTheTickNotBefore()
    {
        var (tally, cadence) = District(6);
        for (var i = 0; i < 5; i++)
        {
            cadence.Tell(Child(i, Here));
        }

        Assert.Empty(cadence.Cells);
        Assert.Equal(new ChildrenSummary(6, 0, 0), tally.Children());

        Assert.True(cadence.Tick());
        var cell = Assert.Single(cadence.Cells);
        Assert.Equal((Here, 5), (cell.Cell, cell.Count));
        Assert.Equal(new ChildrenSummary(6, 5, 5), tally.Children());
        Assert.False(cadence.Tick());
    }

    [Fact]
    public void ACellThatDropsBelowFiveDisappearsOnTheNextTickNotOnTheMove()
    {
        var (tally, cadence) = District(5);
        for (var i = 0; i < 5; i++)
        {
            cadence.Tell(Child(i, Here));
        }
        cadence.Tick();

        cadence.Tell(Child(4, There));

        // The move is held: the published cell still counts five.
        Assert.Equal(5, Assert.Single(cadence.Cells).Count);
        Assert.True(cadence.Tick());
        // Four here and one there: neither is shown; all five still count in the district.
        Assert.Empty(cadence.Cells);
        Assert.Equal(new ChildrenSummary(5, 5, 5), tally.Children());
    }

    [Fact]
    public void AWithdrawalLeavesTheRegisteredCountOnTheNextTick()
    {
        var (tally, cadence) = District(7);
        cadence.ConsentChanged("ct-00003", granted: false);
        cadence.ConsentChanged("ct-00003", granted: false);

        Assert.Equal(7, tally.Children().Registered);
        Assert.True(cadence.Tick());
        Assert.Equal(6, tally.Children().Registered);

        cadence.ConsentChanged("ct-00004", granted: true); // already granted: nothing to count
        Assert.False(cadence.Tick());
    }
}
