#!/usr/bin/perl
# MaxMind DB files from an address plan (scripts/lab-plan.tsv), with Debian's
# libmaxmind-db-writer-perl, in the layouts the free databases publish:
#   OUTDIR/asn.mmdb      GeoLite2-ASN / DB-IP ASN lite: autonomous_system_number, _organization
#   OUTDIR/country.mmdb  GeoLite2-Country / DB-IP country lite: country.iso_code
#   OUTDIR/ipinfo.mmdb   IPinfo lite: asn "AS64500", as_name, country_code (one file, flat)
# and OUTDIR/pfx2as.txt, the plan as CAIDA's Routeviews prefix2as (PREFIX TAB LENGTH TAB AS).
# Usage: scripts/mkmmdb.pl PLAN OUTDIR
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my ($plan, $out) = @ARGV;
die "usage: mkmmdb.pl PLAN OUTDIR\n" unless defined $out;
my %types = (
	autonomous_system_number => 'uint32',
	autonomous_system_organization => 'utf8_string',
	country => 'map', registered_country => 'map', iso_code => 'utf8_string',
	asn => 'utf8_string', as_name => 'utf8_string', as_domain => 'utf8_string',
	country_code => 'utf8_string', continent_code => 'utf8_string',
);
sub tree {
	my ($type) = @_;
	return MaxMind::DB::Writer::Tree->new(
		ip_version => 6, record_size => 28, database_type => $type, languages => ['en'],
		description => { en => "ssdpmac lab plan ($type)" }, alias_ipv6_to_ipv4 => 1,
		remove_reserved_networks => 0, # the lab lives in 198.18.0.0/15 (RFC 2544)
		map_key_type_callback => sub { $types{ $_[0] } // die "no type for $_[0]\n" });
}
my %t = (asn => tree('GeoLite2-ASN'), country => tree('GeoLite2-Country'),
	ipinfo => tree('ipinfo lite'));
open(my $in, '<', $plan) or die "$plan: $!\n";
open(my $p2a, '>', "$out/pfx2as.txt") or die "$out/pfx2as.txt: $!\n";
# less specific first: a more specific prefix inserted later replaces its part
my @rows;
while (my $line = <$in>) {
	chomp $line;
	next if $line =~ /^(#|\s*$)/;
	my ($net, $as, $cc, $name) = split /\t/, $line, 4;
	die "$plan:$.: PREFIX AS COUNTRY NAME\n" unless defined $cc && $net =~ m{^([\d.]+)/(\d+)$};
	push @rows, [$1, $2, $as, $cc, $name // ''];
}
for my $r (sort { $a->[1] <=> $b->[1] } @rows) {
	my ($addr, $len, $as, $cc, $name) = @$r;
	my ($first) = $as =~ /^(\d+)/;
	my %ipinfo;
	if ($first) {
		$t{asn}->insert_network("$addr/$len",
			{ autonomous_system_number => $first, autonomous_system_organization => $name });
		%ipinfo = (asn => "AS$first", as_name => $name, as_domain => '');
		print $p2a "$addr\t$len\t$as\n";
	}
	if ($cc ne '-') {
		$t{country}->insert_network("$addr/$len",
			{ country => { iso_code => $cc }, registered_country => { iso_code => $cc } });
		$ipinfo{country_code} = $cc;
	}
	$t{ipinfo}->insert_network("$addr/$len", \%ipinfo) if %ipinfo;
}
for my $k (keys %t) {
	open(my $fh, '>:raw', "$out/$k.mmdb") or die "$out/$k.mmdb: $!\n";
	$t{$k}->write_tree($fh);
	close $fh or die "$out/$k.mmdb: $!\n";
}
close $p2a or die "$out/pfx2as.txt: $!\n";
