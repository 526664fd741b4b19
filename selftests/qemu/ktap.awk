# SPDX-License-Identifier: GPL-2.0
#
# Count the top-level results of a KTAP version 1 document.
#
# Usage: awk -f ktap.awk FILE
#
# Output, one item per line:
#   R <tab> pass|fail|skip <tab> <the result line as written>
#   P <tab> <a problem with the document itself>
#   S <tab> pass=N fail=N skip=N
#
# Top-level results are the lines starting in column 0 with "ok N" or
# "not ok N"; a "# SKIP" directive makes them skips whatever the ok/not ok.
# Indented lines (subtests), "#" diagnostics and unknown lines are ignored,
# as KTAP allows.  What the caller must treat as a failure is reported as a
# problem: no version line, a second version line (one document is
# expected), no plan or more than one, a plan that does not match the number
# of results, out-of-sequence test numbers, a result line without a number,
# "Bail out!", and an empty document.  "TAP version 13/14" (kselftest) is
# accepted as the version line.

function problem(msg) {
	printf "P\t%s\n", msg
}

BEGIN {
	nres = 0; npass = 0; nfail = 0; nskip = 0
	version = 0; plans = 0; plan = -1; nonempty = 0
}

{ sub(/\r$/, "") }

/^[ \t]*$/ { next }

{ nonempty++ }

/^(KTAP version 1|TAP version 1[34])[ \t]*$/ {
	if (version)
		problem(sprintf("line %d: second version line (one KTAP document expected)", NR))
	else if (nonempty != 1)
		problem(sprintf("line %d: version line is not the first line", NR))
	version = 1
	next
}

/^KTAP version/ {
	problem(sprintf("line %d: unsupported version: %s", NR, $0))
	version = 1
	next
}

/^1\.\.[0-9]+([ \t]|$)/ {
	plans++
	if (plans > 1)
		problem(sprintf("line %d: second plan line", NR))
	else
		plan = substr($1, 4) + 0
	next
}

/^Bail out!/ {
	problem(sprintf("line %d: %s", NR, $0))
	next
}

/^(not )?ok([ \t]|$)/ {
	notok = ($1 == "not")
	num = notok ? $3 : $2
	if (num !~ /^[0-9]+$/) {
		problem(sprintf("line %d: result without a test number: %s", NR, $0))
		nfail++
		printf "R\tfail\t%s\n", $0
		next
	}
	nres++
	if (num + 0 != nres)
		problem(sprintf("line %d: test number %d, expected %d", NR, num, nres))
	if ($0 ~ /#[ \t]*[Ss][Kk][Ii][Pp]([ \t:]|$)/) {
		nskip++; kind = "skip"
	} else if (notok) {
		nfail++; kind = "fail"
	} else {
		npass++; kind = "pass"
	}
	printf "R\t%s\t%s\n", kind, $0
	next
}

END {
	if (nonempty == 0)
		problem("empty document")
	else {
		if (!version)
			problem("no \"KTAP version 1\" line")
		if (plans == 0)
			problem("no plan line (1..N)")
		else if (plan != nres)
			problem(sprintf("plan 1..%d but %d result(s)", plan, nres))
	}
	printf "S\tpass=%d fail=%d skip=%d\n", npass, nfail, nskip
}
