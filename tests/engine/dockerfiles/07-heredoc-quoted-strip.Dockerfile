FROM alpine
RUN <<'EOF'
echo $NOT_EXPANDED
EOF
RUN <<"END"
echo "${ALSO_LITERAL}"
END
RUN <<-EOF
	echo indented with a tab
		echo two tabs
	EOF
RUN cat <<-"X" > /tmp/x && cat /tmp/x
	line
X
