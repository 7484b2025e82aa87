using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coordination.ServiceDefaults.Http;

/// <summary>
/// Finds a <c>null</c> inside a list of a deserialised request body (<c>{"hours": [null]}</c>), which
/// the serializer lets through and a handler would dereference. Walks the request records' public
/// properties, not the framework's own types; the path is in the body's camelCase names.
/// </summary>
internal static class NullElements
{
    private const int MaxDepth = 16;
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    /// <summary>The path of the first null element, such as <c>hours[0]</c>, or null when there is none.</summary>
    public static string? Find(object value) => Find(value, string.Empty, 0);

    private static string? Find(object value, string path, int depth)
    {
        if (depth > MaxDepth || !IsRequestType(value.GetType()))
        {
            return null;
        }

        foreach (var property in Properties.GetOrAdd(value.GetType(), Readable))
        {
            var child = property.GetValue(value);
            var name = Join(path, property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name));
            if (child is string or null)
            {
                continue;
            }

            if (child is IEnumerable list && !IsRequestType(child.GetType()))
            {
                var i = 0;
                foreach (var element in list)
                {
                    var at = string.Create(CultureInfo.InvariantCulture, $"{name}[{i++}]");
                    if (element is null)
                    {
                        return at;
                    }

                    if (Find(element, at, depth + 1) is { } inner)
                    {
                        return inner;
                    }
                }

                continue;
            }

            if (Find(child, name, depth + 1) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    private static bool IsRequestType(Type type) =>
        !type.IsPrimitive && !type.IsEnum && type.Namespace is { } ns && !ns.StartsWith("System", StringComparison.Ordinal) && !ns.StartsWith("Microsoft", StringComparison.Ordinal);

    private static PropertyInfo[] Readable(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0)];

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
