using System.Globalization;
using Twin.Grains.Abstractions;
using Twin.Grains.Abstractions.Alarms;
using Twin.Grains.Rules;

namespace Twin.Grains.Alarms;

/// <summary>An alarm's words for people, Japanese and English, from its type, its source's name and the condition's figure.</summary>
public static class AlarmTexts
{
    /// <summary>The text of a condition on a named source.</summary>
    public static AlarmText For(AlarmCondition c, string sourceName)
    {
        var detail = c.Detail is { } d ? d.ToString("0.00", CultureInfo.InvariantCulture) : null;
        var (ja, en) = c.Type switch
        {
            AlarmTypes.PumpFault => ("ポンプ故障", "pump fault"),
            AlarmTypes.PumpInverterFault => ("インバータ故障", "inverter fault"),
            AlarmTypes.PumpSensorFault => ("センサ故障", "sensor fault"),
            AlarmTypes.PumpPressureSensorFault => ("圧力センサ故障", "pressure sensor fault"),
            AlarmTypes.PumpLowWater => ("井戸水位低下", "low water in the well"),
            AlarmTypes.PumpStoppedInSnow => ("降雪中にポンプ停止", "pump stopped while it snows"),
            AlarmTypes.RiverLevel => ($"{RiverGaugeRules.LevelName(c.Severity)}に到達" + (detail is null ? "" : $"（{detail} m）"),
                $"river at {LevelNameEn(c.Severity)}" + (detail is null ? "" : $" ({detail} m)")),
            AlarmTypes.RiverRapidRise => ("水位急上昇", "rapid rise"),
            AlarmTypes.GaugeStuck => ("水位計の値が変化しない（センサ固着の疑い）", "gauge reading has not moved (stuck sensor?)"),
            AlarmTypes.BridgeGapLimit => ("桁端の遊間が管理値を超過", "girder-end gap past its limit"),
            AlarmTypes.BridgeAccelLimit => ("桁端の加速度が管理値を超過", "girder-end acceleration past its limit"),
            AlarmTypes.DeviceSilent => ("通信途絶", "device silent"),
            AlarmTypes.GatewayDown => ("ゲートウェイ停止の疑い（配下の機器が通信途絶）" + (c.Detail is { } n ? $"：{n:0}台" : ""),
                "gateway down? (its devices are silent)" + (c.Detail is { } m ? $": {m:0} devices" : "")),
            _ => (c.Type, c.Type),
        };
        return new AlarmText($"{sourceName}：{ja}", $"{sourceName}: {en}");
    }

    private static string LevelNameEn(TwinStatus s) => s switch
    {
        TwinStatus.Advisory => "standby level",
        TwinStatus.Warning => "flood caution level",
        TwinStatus.Alarm => "evacuation decision level",
        TwinStatus.Critical => "flood danger level",
        _ => "normal",
    };
}
