using Feedback.Ml.Schema;

namespace Feedback.Ml.Bundles;

/// <summary>Binary form of a <see cref="FeatureSchema"/>: int32 count; per feature: string name, byte type,
/// bool required, byte role, int32 max length.</summary>
internal static class SchemaFormat
{
    public static void Write(BinaryWriter writer, FeatureSchema schema)
    {
        writer.Write(schema.Count);
        foreach (var feature in schema)
        {
            writer.Write(feature.Name);
            writer.Write((byte)feature.Type);
            writer.Write(feature.Required);
            writer.Write((byte)feature.Role);
            writer.Write(feature.MaxLength);
        }
    }

    public static FeatureSchema Read(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        var features = new FeatureSpec[count];
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var type = (FeatureType)reader.ReadByte();
            var required = reader.ReadBoolean();
            var role = (FeatureRole)reader.ReadByte();
            var maxLength = reader.ReadInt32();
            if (!Enum.IsDefined(type) || !Enum.IsDefined(role))
            {
                throw new InvalidDataException($"Feature '{name}' has an unknown type {type} or role {role}.");
            }

            features[i] = new FeatureSpec(name, type, required, role) { MaxLength = maxLength };
        }

        return new FeatureSchema(features);
    }
}
