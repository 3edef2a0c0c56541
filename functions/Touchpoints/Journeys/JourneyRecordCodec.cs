using System.Text;

namespace Touchpoints.Journeys;

/// <summary>
/// The compact, canonical binary form of a <see cref="JourneyRecord"/>: length-prefixed UTF-8 strings, 7-bit varints,
/// delta-coded slots. Equal records encode to equal bytes. Revision 2 appends to revision 1's layout the latest
/// touchpoints per stage and the attribution trail (<see cref="AttributionTrail"/>); revision 1 records still decode,
/// with neither kept until their next touchpoint.
/// </summary>
public static class JourneyRecordCodec
{
    /// <summary>The format revision written in the first byte.</summary>
    public const byte Revision = 2;

    /// <summary>The oldest revision that still decodes.</summary>
    public const byte OldestRevision = 1;

    /// <summary>Encodes a record.</summary>
    public static byte[] Encode(JourneyRecord record) => EncodeAs(record, Revision);

    /// <summary>Encodes a record in a revision this codec reads (revision 1 leaves the attribution trail out: for tests of stored records).</summary>
    internal static byte[] EncodeAs(JourneyRecord record, byte revision)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (revision is not (OldestRevision or Revision))
        {
            throw new ArgumentOutOfRangeException(nameof(revision), revision, "Revisions 1 and 2 can be written.");
        }

        using var buffer = new MemoryStream(512);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(revision);
            writer.Write(record.FunnelId);
            writer.Write(record.CustomerId);
            writer.Write(record.IsAnonymous);
            writer.Write7BitEncodedInt(record.SettledStages.Length);
            writer.Write7BitEncodedInt(record.ConversionStage + 1);
            writer.Write7BitEncodedInt64(record.TouchCount);
            WriteMark(writer, record.First);
            WriteMark(writer, record.Last);

            foreach (var stage in record.SettledStages)
            {
                writer.Write7BitEncodedInt(stage.Count);
                if (stage.Count > 0)
                {
                    WriteMark(writer, stage.First);
                    writer.Write7BitEncodedInt64(stage.LastMs);
                }
            }

            writer.Write7BitEncodedInt(record.RankedEvents.Count);
            foreach (var ranked in record.RankedEvents.Values)
            {
                writer.Write(ranked.Key);
                writer.Write7BitEncodedInt(ranked.StagesByRank.Length);
                foreach (var stage in ranked.StagesByRank)
                {
                    writer.Write(stage);
                }

                writer.Write7BitEncodedInt(ranked.Earliest.Count);
                foreach (var (mark, baseStage) in ranked.Earliest)
                {
                    WriteMark(writer, mark);
                    writer.Write(baseStage);
                }
            }

            writer.Write7BitEncodedInt(record.SegmentChangeList.Count);
            foreach (var change in record.SegmentChangeList)
            {
                WriteMark(writer, change.Mark);
                writer.Write(change.Segment);
            }

            writer.Write7BitEncodedInt(record.SurveyAnswerList.Count);
            foreach (var answer in record.SurveyAnswerList)
            {
                WriteMark(writer, answer.Mark);
                writer.Write((byte)answer.Kind);
                writer.Write(answer.Score);
            }

            writer.Write7BitEncodedInt(record.ActiveSlotList.Count);
            var previous = 0L;
            foreach (var slot in record.ActiveSlotList)
            {
                writer.Write7BitEncodedInt64(slot - previous);
                previous = slot;
            }

            writer.Write7BitEncodedInt(record.RecentList.Count);
            foreach (var (atMs, idHash) in record.RecentList)
            {
                writer.Write7BitEncodedInt64(atMs);
                writer.Write(idHash);
            }

            if (revision >= 2)
            {
                writer.Write7BitEncodedInt(record.StageTouchList.Count);
                foreach (var touch in record.StageTouchList)
                {
                    writer.Write(touch.Stage);
                    writer.Write7BitEncodedInt64(touch.AtMs);
                    writer.Write(touch.IdHash);
                    writer.Write(touch.Channel);
                    writer.Write(touch.Event);
                }

                WriteTrail(writer, record.Trail);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Decodes a record.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a record of a known revision.</exception>
    public static JourneyRecord Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var buffer = new MemoryStream(bytes.ToArray(), writable: false);
            using var reader = new BinaryReader(buffer, Encoding.UTF8);
            var revision = reader.ReadByte();
            if (revision is < OldestRevision or > Revision)
            {
                throw new InvalidDataException($"Journey record revision {revision} is not supported (expected {OldestRevision} to {Revision}).");
            }

            var funnelId = reader.ReadString();
            var customerId = reader.ReadString();
            var anonymous = reader.ReadBoolean();
            var stageCount = reader.Read7BitEncodedInt();
            var conversion = reader.Read7BitEncodedInt() - 1;
            var record = new JourneyRecord(funnelId, customerId, anonymous, stageCount, conversion)
            {
                TouchCount = reader.Read7BitEncodedInt64(),
                First = ReadMark(reader),
                Last = ReadMark(reader),
            };

            for (var i = 0; i < stageCount; i++)
            {
                var count = reader.Read7BitEncodedInt();
                record.SettledStages[i] = count > 0 ? new StageTally(count, ReadMark(reader), reader.Read7BitEncodedInt64()) : default;
            }

            var rankedCount = reader.Read7BitEncodedInt();
            for (var i = 0; i < rankedCount; i++)
            {
                var key = reader.ReadString();
                var stages = new sbyte[reader.Read7BitEncodedInt()];
                for (var s = 0; s < stages.Length; s++)
                {
                    stages[s] = reader.ReadSByte();
                }

                var ranked = new RankedEvent(key, stages);
                var earliest = reader.Read7BitEncodedInt();
                for (var e = 0; e < earliest; e++)
                {
                    ranked.Earliest.Add((ReadMark(reader)!.Value, reader.ReadSByte()));
                }

                record.RankedEvents.Add(key, ranked);
            }

            var segments = reader.Read7BitEncodedInt();
            for (var i = 0; i < segments; i++)
            {
                record.SegmentChangeList.Add(new SegmentChange(ReadMark(reader)!.Value, reader.ReadString()));
            }

            var answers = reader.Read7BitEncodedInt();
            for (var i = 0; i < answers; i++)
            {
                record.SurveyAnswerList.Add(new SurveyAnswer(ReadMark(reader)!.Value, (SurveyKind)reader.ReadByte(), reader.ReadByte()));
            }

            var slots = reader.Read7BitEncodedInt();
            var slot = 0L;
            for (var i = 0; i < slots; i++)
            {
                slot += reader.Read7BitEncodedInt64();
                record.ActiveSlotList.Add((int)slot);
            }

            var recent = reader.Read7BitEncodedInt();
            for (var i = 0; i < recent; i++)
            {
                record.RecentList.Add((reader.Read7BitEncodedInt64(), reader.ReadUInt64()));
            }

            if (revision >= 2)
            {
                var touches = reader.Read7BitEncodedInt();
                for (var i = 0; i < touches; i++)
                {
                    record.StageTouchList.Add(new StageTouch(reader.ReadSByte(), reader.Read7BitEncodedInt64(), reader.ReadUInt64(), reader.ReadByte(), reader.ReadString()));
                }

                ReadTrail(reader, record.Trail);
            }

            if (buffer.Position != buffer.Length)
            {
                throw new InvalidDataException($"Journey record of {customerId} has {buffer.Length - buffer.Position} trailing bytes.");
            }

            return record;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("Journey record is truncated.", ex);
        }
    }

    private static void WriteTrail(BinaryWriter writer, AttributionTrail trail)
    {
        writer.Write7BitEncodedInt(trail.CampaignByMark.Count);
        foreach (var ((atMs, idHash), campaign) in trail.CampaignByMark)
        {
            writer.Write7BitEncodedInt64(atMs);
            writer.Write(idHash);
            writer.Write(campaign);
        }

        writer.Write7BitEncodedInt(trail.Window.Count);
        foreach (var touch in trail.Window)
        {
            writer.Write7BitEncodedInt64(touch.AtMs);
            writer.Write(touch.IdHash);
            writer.Write(touch.Attribution.Channel);
            writer.Write(touch.Attribution.Campaign ?? string.Empty);
        }
    }

    private static void ReadTrail(BinaryReader reader, AttributionTrail trail)
    {
        var campaigns = reader.Read7BitEncodedInt();
        for (var i = 0; i < campaigns; i++)
        {
            trail.CampaignByMark.Add((reader.Read7BitEncodedInt64(), reader.ReadUInt64()), reader.ReadString());
        }

        var touches = reader.Read7BitEncodedInt();
        for (var i = 0; i < touches; i++)
        {
            var atMs = reader.Read7BitEncodedInt64();
            var idHash = reader.ReadUInt64();
            var channel = reader.ReadByte();
            var campaign = reader.ReadString();
            trail.Window.Add(new TrailTouch(atMs, idHash, new TouchAttribution(channel, campaign.Length == 0 ? null : campaign)));
        }
    }

    private static void WriteMark(BinaryWriter writer, TouchMark? mark)
    {
        if (mark is not { } m)
        {
            writer.Write((byte)0);
            return;
        }

        writer.Write((byte)1);
        writer.Write7BitEncodedInt64(m.AtMs);
        writer.Write(m.MessageId);
        writer.Write(m.Channel);
    }

    private static TouchMark? ReadMark(BinaryReader reader) =>
        reader.ReadByte() == 0 ? null : new TouchMark(reader.Read7BitEncodedInt64(), reader.ReadString(), reader.ReadByte());
}
