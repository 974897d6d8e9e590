namespace Twin.Simulator;

/// <summary>Which wire form uplinks take.</summary>
public enum UplinkFormat
{
    /// <summary><c>toyama/{kind}/{id}/up</c> JSON.</summary>
    Native,

    /// <summary>The Things Stack v3 uplink message.</summary>
    Tts,

    /// <summary>ChirpStack v4 uplink event.</summary>
    ChirpStack,

    /// <summary>Each device sticks to one of the three, chosen deterministically from the seed and its id.</summary>
    Mixed,
}
