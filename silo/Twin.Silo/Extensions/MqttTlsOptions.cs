using System.ComponentModel.DataAnnotations;

namespace Twin.Silo.Extensions;

/// <summary>MQTT over TLS (<c>Twin:Mqtt:Tls</c>): on when a port and a certificate are given.</summary>
public sealed class MqttTlsOptions
{
    /// <summary>The TLS listener's port (8883 is usual); 0 (default) opens none.</summary>
    [Range(0, 65535)] public int Port { get; set; }

    /// <summary>The server certificate with its private key: a PKCS#12 file, or a PEM certificate with <see cref="KeyPath"/>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key, when <see cref="CertificatePath"/> is a PEM certificate.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PKCS#12 file's password, if it has one.</summary>
    public string? CertificatePassword { get; set; }
}
