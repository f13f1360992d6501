using QixGen.Generator.Model;

namespace QixGen.Generator.Emitting;

/// <summary>Where a generated data type keeps a property's value.</summary>
internal enum StorageKind
{
    /// <summary>An auto-property (a reference, or a value type past the 32 bits of <c>qixSet</c>).</summary>
    Field,

    /// <summary>A plain field <c>qixValue{Bit}</c> and bit <c>Bit</c> of <c>qixSet</c> saying it is set (QixOptional).</summary>
    Compact,

    /// <summary>A flag: bit <c>Bit</c> of <c>qixSet</c> says it is set, bit <c>ValueBit</c> holds it; no field.</summary>
    Flag,

    /// <summary>A slot of the runtime's sparse store (QixSparse): no field.</summary>
    Sparse,
}

/// <summary>How a data type's property is stored; <see cref="Bit"/> is the mask bit or sparse slot.</summary>
internal readonly record struct PropertyStorage(StorageKind Kind, int Bit, int ValueBit)
{
    private const int MaskBits = 32; // bits of qixSet

    private const int SparseSlots = 62; // slots of the runtime's sparse store (QixExtras keeps 62 and 63)

    private const int MinSparse = 4; // below this, plain fields cost less than the holder's slots

    /// <summary>
    /// Plans the storage of a type's properties, from its own spec entry only. Value types take the low bits of
    /// <c>qixSet</c> in order; flags keep their value in the free high bits, from the top down, while there are any.
    /// A type whose sub-objects are at least four and most of its reference properties (a cell's attribute and mini
    /// chart objects, a layout's one-of-many definitions) keeps those sparse.
    /// </summary>
    public static PropertyStorage[] Plan(DataTypeModel type)
    {
        int values = 0, references = 0, subObjects = 0;
        foreach (var property in type.Properties)
        {
            values += property.Type.IsValueType ? 1 : 0;
            references += property.Type.IsValueType ? 0 : 1;
            subObjects += property.Type.Kind == TypeKind.Object ? 1 : 0;
        }

        var sparse = subObjects >= MinSparse && subObjects * 2 > references;
        int compact = 0, flag = MaskBits - 1, slot = 0;
        var floor = values < MaskBits ? values : MaskBits;
        var plan = new PropertyStorage[type.Properties.Count];
        for (var i = 0; i < plan.Length; i++)
        {
            var property = type.Properties[i];
            if (sparse && property.Type.Kind == TypeKind.Object && slot < SparseSlots)
            {
                plan[i] = new PropertyStorage(StorageKind.Sparse, slot++, 0);
            }
            else if (property.Type.IsValueType && compact < MaskBits)
            {
                plan[i] = property.Type.Kind == TypeKind.Boolean && flag >= floor
                    ? new PropertyStorage(StorageKind.Flag, compact++, flag--)
                    : new PropertyStorage(StorageKind.Compact, compact++, 0);
            }
        }

        return plan;
    }
}
