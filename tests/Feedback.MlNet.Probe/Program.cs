using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

// Usage: Feedback.MlNet.Probe MODEL.zip ROWS.txt
// ROWS.txt: one row per line, "index:value" pairs separated by spaces (the sparse transformed feature vector).
// Prints one line per row: the model's outputs (Probability, or every Score slot), invariant culture, round-trip format.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Feedback.MlNet.Probe MODEL.zip ROWS.txt");
    return 2;
}

var ml = new MLContext();
ITransformer model;
DataViewSchema input;
using (var file = File.OpenRead(args[0]))
{
    model = ml.Model.Load(file, out input);
}

var width = ((VectorDataViewType)input["Features"].Type).Size;
var rows = File.ReadAllLines(args[1]).Select(line =>
{
    var pairs = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split(':')).ToArray();
    var indices = pairs.Select(p => int.Parse(p[0], CultureInfo.InvariantCulture)).ToArray();
    var values = pairs.Select(p => float.Parse(p[1], CultureInfo.InvariantCulture)).ToArray();
    return new Row { Features = new VBuffer<float>(width, indices.Length, values, indices) };
}).ToList();
var definition = SchemaDefinition.Create(typeof(Row));
definition["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
var scored = model.Transform(ml.Data.LoadFromEnumerable(rows, definition));
if (scored.Schema.GetColumnOrNull("Probability") is not null)
{
    foreach (var p in scored.GetColumn<float>("Probability"))
    {
        Console.WriteLine(p.ToString("R", CultureInfo.InvariantCulture));
    }
}
else if (scored.Schema["Score"].Type is VectorDataViewType)
{
    foreach (var scores in scored.GetColumn<float[]>("Score"))
    {
        Console.WriteLine(string.Join(' ', scores.Select(s => s.ToString("R", CultureInfo.InvariantCulture))));
    }
}
else
{
    foreach (var s in scored.GetColumn<float>("Score"))
    {
        Console.WriteLine(s.ToString("R", CultureInfo.InvariantCulture));
    }
}

return 0;

internal sealed class Row
{
    public VBuffer<float> Features { get; set; }
}
