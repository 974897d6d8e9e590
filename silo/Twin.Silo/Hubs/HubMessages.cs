using Twin.Grains.Abstractions;
using Twin.Silo.Contracts;

namespace Twin.Silo.Hubs;

/// <summary>What a push from the grains becomes on the hub: the client method and its typed payload.</summary>
public static class HubMessages
{
    /// <summary>The client method and payload of a push, or null when the push lacks the payload its kind needs.</summary>
    public static (string Method, object Payload)? From(PushMessage m) => m.Kind switch
    {
        PushKind.City when m.City is not null => ("city", CityDto.Message(m.City, m.Changed)),
        PushKind.District when m.District is not null => ("district", DistrictDto.Message(m.District, m.Changed, m.ChildCells)),
        PushKind.River when m.River is not null => ("river", RiverSegmentDto.From(m.River)),
        PushKind.Device when m.Device is not null => ("device", DeviceDto.From(m.Device)),
        PushKind.Alarm when m.Alarm is not null => ("alarm", AlarmDto.From(m.Alarm)),
        _ => null,
    };
}
