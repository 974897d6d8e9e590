namespace Twin.Catalog;

/// <summary>
/// Hand-placed sites the sources lack: river gauges, river segments and bridges.
/// Positions are GENERATED (plausible points on or beside the named rivers), not surveyed locations.
/// </summary>
internal static class Sites
{
    public sealed record GaugeLevels(double Standby, double Caution, double Evacuation, double Danger, double RisePer10Min);

    public sealed record GaugeSite(string Id, string Label, double Lat, double Lon);

    public sealed record SegmentSite(string Id, string River, string NameJa, string NameEn, GaugeLevels Levels, GaugeSite[] Gauges);

    public sealed record BridgeSite(string Id, string Name, double Lat, double Lon);

    // Big rivers stand metres higher than the city's small rivers and drains at every warning level.
    private static readonly GaugeLevels Jinzu = new(2.5, 3.9, 4.6, 5.3, 0.3);
    private static readonly GaugeLevels Joganji = new(1.8, 2.6, 3.1, 3.6, 0.3);
    private static readonly GaugeLevels Ida = new(1.6, 2.3, 2.9, 3.4, 0.3);
    private static readonly GaugeLevels Yamada = new(1.0, 1.5, 1.9, 2.3, 0.2);
    private static readonly GaugeLevels Small = new(0.5, 0.8, 1.1, 1.4, 0.15);

    /// <summary>Segments, each with its gauges upstream → downstream.</summary>
    public static readonly SegmentSite[] Segments =
    [
        // 神通川: from 猪谷 (細入) through the gorge past 笹津 and 大沢野, between 婦中 and 富山, to the sea at 岩瀬.
        new("jinzu-upper", "神通川", "神通川 上流（細入・大沢野）", "Jinzu River, upper", Jinzu,
        [
            new("rg-jinzu-01", "神通川 猪谷", 36.4700, 137.2240),
            new("rg-jinzu-02", "神通川 楡原", 36.5270, 137.2190),
            new("rg-jinzu-03", "神通川 笹津", 36.5580, 137.2140),
            new("rg-jinzu-04", "神通川 大沢野", 36.5950, 137.1960),
        ]),
        new("jinzu-middle", "神通川", "神通川 中流（婦中・有沢）", "Jinzu River, middle", Jinzu,
        [
            new("rg-jinzu-05", "神通川 婦中", 36.6300, 137.1900),
            new("rg-jinzu-06", "神通川 有沢", 36.6680, 137.1890),
            new("rg-jinzu-07", "神通川 富山大橋", 36.6940, 137.1960),
        ]),
        new("jinzu-lower", "神通川", "神通川 下流（富山北・河口）", "Jinzu River, lower", Jinzu,
        [
            new("rg-jinzu-08", "神通川 富山北", 36.7160, 137.2010),
            new("rg-jinzu-09", "神通川 中島", 36.7320, 137.2100),
            new("rg-jinzu-10", "神通川 萩浦", 36.7520, 137.2190),
        ]),
        // 常願寺川: from 本宮 (大山) west past 有峰口 and 上滝, then north down the east side to the sea west of 水橋.
        new("joganji-upper", "常願寺川", "常願寺川 上流（大山）", "Joganji River, upper", Joganji,
        [
            new("rg-joganji-01", "常願寺川 本宮", 36.5760, 137.3920),
            new("rg-joganji-02", "常願寺川 有峰口", 36.5710, 137.3760),
            new("rg-joganji-03", "常願寺川 上滝", 36.6070, 137.3110),
        ]),
        new("joganji-lower", "常願寺川", "常願寺川 下流（富山東部）", "Joganji River, lower", Joganji,
        [
            new("rg-joganji-04", "常願寺川 大場", 36.6500, 137.3020),
            new("rg-joganji-05", "常願寺川 三郷", 36.7050, 137.3030),
            new("rg-joganji-06", "常願寺川 河口", 36.7520, 137.2880),
        ]),
        new("ida", "井田川", "井田川（八尾・婦中）", "Ida River", Ida,
        [
            new("rg-ida-01", "井田川 八尾", 36.5860, 137.1330),
            new("rg-ida-02", "井田川 婦中", 36.6250, 137.1450),
            new("rg-ida-03", "井田川 速星", 36.6640, 137.1560),
        ]),
        new("yamada", "山田川", "山田川（山田）", "Yamada River", Yamada,
        [
            new("rg-yamada-01", "山田川 上流", 36.5740, 137.0780),
            new("rg-yamada-02", "山田川 下流", 36.5900, 137.0920),
        ]),
        // The city's own gauges on 準用河川 and drains (seed doc: 6 sites on these 5 waters, 2020–2021).
        new("murakawa", "村川", "村川", "Murakawa River", Small,
        [
            new("rg-murakawa-01", "村川 上流", 36.7000, 137.1630),
            new("rg-murakawa-02", "村川 下流", 36.7120, 137.1700),
        ]),
        new("nakagawa", "中川", "中川", "Nakagawa River", Small, [new("rg-nakagawa-01", "中川", 36.7280, 137.2460)]),
        new("gamegawa", "がめ川", "がめ川", "Game River", Small, [new("rg-gamegawa-01", "がめ川", 36.7380, 137.2700)]),
        new("miyajigawa", "宮路川", "宮路川", "Miyaji River", Small, [new("rg-miyajigawa-01", "宮路川", 36.6550, 137.2520)]),
        new("ebara-drain", "荏原排水路", "荏原排水路", "Ebara Drainage Channel", Small, [new("rg-ebara-01", "荏原排水路", 36.6960, 137.2680)]),
    ];

    /// <summary>Bridges with girder-end sensors: real bridge names, generated positions on the rivers above.</summary>
    public static readonly BridgeSite[] Bridges =
    [
        new("inotani", "猪谷橋", 36.4680, 137.2235),
        new("sasazu", "笹津橋", 36.5600, 137.2130),
        new("naruko", "成子大橋", 36.6020, 137.1950),
        new("fuchu-ohashi", "婦中大橋", 36.6400, 137.1890),
        new("arisawa", "有沢橋", 36.6720, 137.1900),
        new("toyama-ohashi", "富山大橋", 36.6960, 137.1970),
        new("jinzu-ohashi", "神通大橋", 36.7070, 137.1990),
        new("toyama-kita-ohashi", "富山北大橋", 36.7200, 137.2030),
        new("nakajima-ohashi", "中島大橋", 36.7300, 137.2090),
        new("hagiura", "萩浦橋", 36.7500, 137.2180),
        new("chigaki", "千垣橋", 36.5720, 137.3820),
        new("daisenji", "大川寺橋", 36.6060, 137.3100),
        new("raicho-ohashi", "雷鳥大橋", 36.6400, 137.3030),
        new("joganji-ohashi", "常願寺大橋", 36.7000, 137.3040),
        new("imagawa", "今川橋", 36.7450, 137.2910),
        new("zenji", "禅寺橋", 36.5830, 137.1310),
        new("jusanseki", "十三石橋", 36.5880, 137.1340),
        new("hayahoshi", "速星橋", 36.6640, 137.1550),
        new("sakurabashi", "桜橋", 36.6941, 137.2158),
    ];
}
