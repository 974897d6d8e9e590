namespace Twin.Silo.Ingestion;

/// <summary>Which network server an uplink came from.</summary>
public enum UplinkFormat
{
    Native,
    TheThingsStack,
    ChirpStack,
}
