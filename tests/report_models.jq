# The model view a report must give for the simulator's truth ($t) against the report ($r[0]):
# infected devices that answer with a class, by vendor x manufacturer x modelName where the
# simulator serves a description (udn-mismatch where its UDN is not the USN's), by vendor x
# http-error where it serves none (no-location, bad-location where the corpus message it speaks
# as has no LOCATION or no URL there). Used by tests/report_models.sh and tests/describe.sh.
def rtrim: sub(" +$"; "");
{ want: ([$t[] | select(.infected and .answers and .class != null) |
	if .model.served then
		{vendor, described: true, manufacturer: .model.manufacturer, model: .model.modelName,
		 outcome: null, mismatch: (.model.UDN != ("uuid:" + .usn))}
	else
		{vendor, described: false, manufacturer: null, model: null, mismatch: false,
		 outcome: (if .location == null then "no-location"
			   elif (.location | test("^https?://") | not) then "bad-location"
			   else "http-error" end)}
	end] | group_by([.vendor, .described, .manufacturer, .model, .outcome]) |
	map(.[0] + {devices: length, udn_mismatch: map(select(.mismatch)) | length} |
		del(.mismatch)) | sort),
  got: ($r[0].models | map({vendor, described, manufacturer, model, outcome, devices,
	udn_mismatch}) | sort),
  differs: [$r[0].models[] | select(.differs)],
  # a manufacturer that is the MAC's vendor never differs; one that differs is never the vendor
  same_wrong: [$r[0].models[] | select(.described and .vendor != null and
	.manufacturer == (.vendor | rtrim) and .differs)],
  differs_wrong: [$r[0].models[] | select(.differs and (.manufacturer == (.vendor | rtrim) or
	.manufacturer == null or .vendor == null))] }
