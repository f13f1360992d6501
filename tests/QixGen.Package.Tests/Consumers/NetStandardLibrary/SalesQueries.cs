using System.Collections.Generic;
using System.Threading.Tasks;
using NetStandardLibrary.Qix;

namespace NetStandardLibrary
{
    /// <summary>A library's typed helper over the generated bindings.</summary>
    public static class SalesQueries
    {
        /// <summary>Selects one value of a field.</summary>
        public static Task<bool> SelectAsync(Doc doc, string field, string value) => SelectCoreAsync(doc, field, value);

        private static async Task<bool> SelectCoreAsync(Doc doc, string field, string value)
        {
            var f = await doc.GetFieldAsync(field);
            return await f.SelectValuesAsync(new List<FieldValue> { new FieldValue { Text = value } });
        }
    }
}
