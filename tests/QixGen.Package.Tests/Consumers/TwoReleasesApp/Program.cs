using System;

// Both releases side by side: each in its own namespace, each with its own QixApi.
var oldInfo = new TwoReleasesApp.V1205.NxInfo { Type = "old" };
var newInfo = new TwoReleasesApp.V2528.NxInfo { Type = "new" };
Console.WriteLine($"RELEASES={TwoReleasesApp.V1205.QixApi.EngineVersion},{TwoReleasesApp.V2528.QixApi.EngineVersion} {oldInfo.Type}/{newInfo.Type}");
