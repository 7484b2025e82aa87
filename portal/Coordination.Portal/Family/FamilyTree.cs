using Coordination.Portal.Api;

namespace Coordination.Portal.Family;

/// <summary>A person in the drawn family tree: a member (shown, or withheld with the reason) or a relative who is not a client.</summary>
/// <param name="Key">The person's key in the drawing.</param>
/// <param name="Name">Their name.</param>
/// <param name="Kind"><see cref="FamilyTree.Shown"/>, <see cref="FamilyTree.Withheld"/> or <see cref="FamilyTree.Relative"/>.</param>
/// <param name="X">The left edge of the person's box.</param>
/// <param name="Y">The top edge of the person's box.</param>
/// <param name="Member">The member, for a member.</param>
public sealed record TreePerson(string Key, string Name, string Kind, double X, double Y, PlanMember? Member);

/// <summary>A line in the tree: <see cref="From"/> is <see cref="Relation"/> (parent, partner, …) of <see cref="To"/>; custody where a referral stated it.</summary>
public sealed record TreeLine(TreePerson From, TreePerson To, string Relation, bool? Custody);

/// <summary>The family tree laid out: one row per generation, parents above their children, and the lines between them.</summary>
public sealed record FamilyTreeLayout(IReadOnlyList<TreePerson> People, IReadOnlyList<TreeLine> Lines, double Width, double Height);

/// <summary>
/// Lays out a family tree from the plan as the viewer sees it: the members with the relations the
/// referrals stated (with custody), the withheld members by the relation the viewer's own referral
/// gave, and the relatives who are not clients. Pure: the page draws the result as SVG.
/// </summary>
public static class FamilyTree
{
    public const string Shown = "shown";
    public const string Withheld = "withheld";
    public const string Relative = "relative";

    public const double BoxWidth = 190;
    public const double BoxHeight = 58;
    private const double Gap = 40;
    private const double RowGap = 70;
    private const double Margin = 10;

    // Room above the first row for the arcs between people of one row.
    private const double TopMargin = 40;

    public static FamilyTreeLayout Lay(FamilyPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var people = new List<(string Key, string Name, string Kind, PlanMember? Member)>();
        var keys = new Dictionary<Guid, string>();
        for (var i = 0; i < plan.Members.Count; i++)
        {
            var member = plan.Members[i];
            var key = member.MemberId?.ToString() ?? $"m{i}";
            if (member.MemberId is { } id)
            {
                keys[id] = key;
            }

            people.Add((key, member.Name ?? string.Empty, member.Shown ? Shown : Withheld, member));
        }

        foreach (var relative in plan.Relatives ?? [])
        {
            people.Add(($"r{relative.Id}", relative.Name, Relative, null));
        }

        // Each relation once: "A is parent of B" and "B is child of A" say the same.
        var relations = new List<(string From, string To, string Relation, bool? Custody)>();
        void Relate(string from, string to, string relation, bool? custody)
        {
            if (from == to)
            {
                return;
            }

            var (f, t, r) = relation switch
            {
                "child" => (to, from, "parent"),
                _ => (from, to, relation),
            };
            var same = relations.FindIndex(x => (x.From == f && x.To == t) || (Symmetric(r) && x.From == t && x.To == f));
            if (same < 0)
            {
                relations.Add((f, t, r, custody));
            }
            else if (custody is not null && relations[same].Custody is null && relations[same].Relation == r)
            {
                relations[same] = relations[same] with { Custody = custody };
            }
        }

        foreach (var (key, _, _, member) in people)
        {
            foreach (var relation in member?.Relations ?? [])
            {
                if (relation.MemberId is { } other && keys.TryGetValue(other, out var otherKey))
                {
                    Relate(otherKey, key, relation.Relation, relation.Custody);
                }
            }

            if (member is { Relation: { } stated, RelationOf: { } of } && keys.TryGetValue(of, out var ofKey))
            {
                Relate(key, ofKey, stated, null);
            }
        }

        foreach (var relative in plan.Relatives ?? [])
        {
            if (keys.TryGetValue(relative.RelativeOf, out var ofKey))
            {
                Relate($"r{relative.Id}", ofKey, relative.Relation, null);
            }
        }

        var generation = Generations(people.Select(p => p.Key).ToList(), relations);
        var rows = people.GroupBy(p => generation[p.Key]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        var widest = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        var width = Margin * 2 + widest * BoxWidth + Math.Max(0, widest - 1) * Gap;
        var placed = new Dictionary<string, TreePerson>();
        for (var row = 0; row < rows.Count; row++)
        {
            var count = rows[row].Count;
            var left = (width - (count * BoxWidth + (count - 1) * Gap)) / 2;
            for (var i = 0; i < count; i++)
            {
                var (key, name, kind, member) = rows[row][i];
                placed[key] = new TreePerson(key, name, kind, left + i * (BoxWidth + Gap), TopMargin + row * (BoxHeight + RowGap), member);
            }
        }

        return new FamilyTreeLayout(
            people.Select(p => placed[p.Key]).ToList(),
            relations.Select(r => new TreeLine(placed[r.From], placed[r.To], r.Relation, r.Custody)).ToList(),
            width, TopMargin + Margin + rows.Count * BoxHeight + Math.Max(0, rows.Count - 1) * RowGap + 20);
    }

    private static bool Symmetric(string relation) => relation is "partner" or "sibling" or "other";

    /// <summary>Each person's generation, 0 for the oldest: a parent one above, a grandparent two; partners, siblings and others level.</summary>
    private static Dictionary<string, int> Generations(List<string> keys, List<(string From, string To, string Relation, bool? Custody)> relations)
    {
        var generation = new Dictionary<string, int>();
        foreach (var start in keys)
        {
            if (generation.ContainsKey(start))
            {
                continue;
            }

            generation[start] = 0;
            var queue = new Queue<string>([start]);
            while (queue.TryDequeue(out var key))
            {
                foreach (var (from, to, relation, _) in relations.Where(r => r.From == key || r.To == key))
                {
                    // "from" is relation of "to": a parent stands one generation above.
                    var above = relation switch { "parent" => 1, "grandparent" => 2, _ => 0 };
                    var (other, level) = from == key ? (to, generation[key] + above) : (from, generation[key] - above);
                    if (generation.TryAdd(other, level))
                    {
                        queue.Enqueue(other);
                    }
                }
            }
        }

        var lowest = generation.Count == 0 ? 0 : generation.Values.Min();
        return generation.ToDictionary(g => g.Key, g => g.Value - lowest);
    }
}
