using Microsoft.Extensions.Logging;
using Twin.Grains.Abstractions;
using Twin.Grains.Rules;

namespace Twin.Grains.Devices;

/// <summary>A bridge girder-end joint: gap and acceleration limits; past a limit it switches the on-site lamp on by downlink, and off again at normal.</summary>
public sealed class BridgeJointGrain(
    [PersistentState("device", "twin")] IPersistentState<DeviceState> state,
    DeviceGrainServices services,
    IDownlinkSender downlinks,
    ILogger<BridgeJointGrain> logger) : DeviceGrain(state, services, logger), IBridgeJointGrain
{
    protected override async Task<bool> ActAsync(DateTimeOffset now)
    {
        if (State.Status == TwinStatus.Unknown)
        {
            return false;
        }
        var wanted = State.Derived.TryGetValue("lamp", out var lamp) && lamp >= 1;
        // Off is only sent after the lamp was commanded on: a joint that was never in alarm needs no command.
        if (State.LampOn == wanted || (State.LampOn is null && !wanted))
        {
            return false;
        }
        var reason = wanted ? State.Anomalies.FirstOrDefault(a => a.EndsWith("-limit", StringComparison.Ordinal)) ?? "bridge-limit" : "normal";
        try
        {
            await downlinks.SendLampAsync(new LampCommand(Info, State.UplinkTopic, wanted, reason), now);
            State.LampOn = wanted;
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Retried on the next reading or tick: the lamp state we want has not been confirmed sent.
            DeviceLog.DownlinkFailed(Logger, Info.Id, ex);
            return false;
        }
    }

    protected override ValueTask<Verdict> EvaluateAsync(DateTimeOffset now)
    {
        var reading = State.Reading;
        if (reading?.Get("gap_mm") is not { } gap)
        {
            return ValueTask.FromResult(Verdict.Of(TwinStatus.Unknown));
        }
        return ValueTask.FromResult(BridgeJointRules.Evaluate(JointThresholds.From(Info.Thresholds), gap, reading.Get("accel_g")));
    }
}
