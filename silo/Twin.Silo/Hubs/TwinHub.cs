using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Twin.Catalog;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Silo.Auth;
using Twin.Silo.Contracts;
using Twin.Silo.Privacy;

namespace Twin.Silo.Hubs;

/// <summary>
/// The viewers' hub (<c>/hubs/twin</c>): subscribe calls join SignalR groups and get the current state at
/// once (the snapshot); changes then arrive through this silo's <see cref="ViewerObserver"/>. Connecting needs an
/// account that reads aggregates (city, districts); devices and alarms need one that reads the twin.
/// </summary>
[Authorize(Policy = TwinPolicies.ReadAggregates)]
public sealed class TwinHub(IGrainFactory grains, TwinCatalog catalog, ViewerObserver viewers, IAlarmStore alarms, AuditTrail audit) : Hub
{
    /// <summary>The group of city subscribers.</summary>
    public const string CityGroup = "city";

    /// <summary>The group of alarm subscribers.</summary>
    public const string AlarmsGroup = "alarms";

    /// <summary>The group of a district's subscribers.</summary>
    public static string DistrictGroup(string id) => "district:" + id;

    /// <summary>The group of a device's subscribers.</summary>
    public static string DeviceGroup(string id) => "device:" + id;

    /// <summary>City summary and river segments, then their changes.</summary>
    public async Task SubscribeCity()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, CityGroup);
        var city = await grains.GetGrain<ICityGrain>(GrainKeys.City).GetAsync();
        await Clients.Caller.SendAsync("city", CityDto.Message(city, []));
        foreach (var segment in catalog.Segments)
        {
            var summary = await grains.GetGrain<IRiverSegmentGrain>(segment.Id).GetAsync();
            await Clients.Caller.SendAsync("river", RiverSegmentDto.From(summary));
        }
    }

    public Task UnsubscribeCity() => Groups.RemoveFromGroupAsync(Context.ConnectionId, CityGroup);

    /// <summary>A district's summary with its children's cells, then its changes.</summary>
    public async Task SubscribeDistrict(string id)
    {
        if (!catalog.TryGetDistrict(id, out _))
        {
            throw new HubException($"Unknown district '{id}'.");
        }
        // The district's messages carry its children's cells: a read of child cells, audited.
        await audit.RecordAsync(Context.User ?? new(), AuditActions.ChildCellsRead, id, "hub", Context.ConnectionAborted);
        await Groups.AddToGroupAsync(Context.ConnectionId, DistrictGroup(id));
        var grain = grains.GetGrain<IDistrictGrain>(id);
        var snapshot = await grain.GetAsync();
        var cells = await grain.GetChildCellsAsync();
        await Clients.Caller.SendAsync("district", DistrictDto.Message(snapshot, [], cells));
    }

    public Task UnsubscribeDistrict(string id) => Groups.RemoveFromGroupAsync(Context.ConnectionId, DistrictGroup(id));

    /// <summary>A device's full state, then every change while subscribed; never a child tracker's, for any role.</summary>
    [Authorize(Policy = TwinPolicies.ReadTwin)]
    public async Task SubscribeDevice(string id)
    {
        if (!catalog.TryGetDevice(id, out var device))
        {
            throw new HubException($"Unknown device '{id}'.");
        }
        if (device.Kind == DeviceKind.ChildTracker)
        {
            throw new HubException("A child tracker cannot be subscribed: children are shown only as counts, in their district's cells.");
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, DeviceGroup(id));
        var snapshot = await grains.GetDeviceGrain(device.Kind, id).GetAsync();
        await Clients.Caller.SendAsync("device", DeviceDto.From(snapshot));
        await viewers.WatchDeviceAsync(Context.ConnectionId, device);
    }

    public async Task UnsubscribeDevice(string id)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, DeviceGroup(id));
        if (catalog.TryGetDevice(id, out var device))
        {
            await viewers.UnwatchDeviceAsync(Context.ConnectionId, device);
        }
    }

    /// <summary>Every alarm that is not normal (oldest first), then every transition of every alarm.</summary>
    [Authorize(Policy = TwinPolicies.ReadTwin)]
    public async Task SubscribeAlarms()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, AlarmsGroup);
        foreach (var alarm in (await alarms.QueryAsync(new AlarmQuery(), Context.ConnectionAborted)).OrderBy(a => a.RaisedAt))
        {
            await Clients.Caller.SendAsync("alarm", AlarmDto.From(alarm), Context.ConnectionAborted);
        }
    }

    public Task UnsubscribeAlarms() => Groups.RemoveFromGroupAsync(Context.ConnectionId, AlarmsGroup);

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await viewers.ConnectionClosedAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }
}
