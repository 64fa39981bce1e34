#!/bin/sh
# Writes a test source with N chapters of two sections each, long enough
# that its contents run over several pages.  Usage: gen-long.sh N
n=${1:-40}
cat <<HEAD
kind: test
title: Langes Testdokument
publisher: Projektbüro
date: 2024-03-01
version: "1"
body:
HEAD
i=1
while [ "$i" -le "$n" ]; do
	cat <<CH
  - section: Kapitel $i über die smarte Region
    body:
      - >-
        Die Kommunen in Südwestfalen arbeiten an Kapitel $i gemeinsam. Sie
        teilen Wissen, Werkzeuge und Erfahrungen, damit nicht jede Stadt das
        Rad neu erfindet. So entstehen Lösungen, die auch kleinere Gemeinden
        nutzen können, und die Verwaltung wird für alle einfacher.
      - section: Ziele in Kapitel $i
        body:
          - Die Ziele werden mit den Menschen vor Ort abgestimmt und regelmäßig überprüft.
      - section: Umsetzung in Kapitel $i
        body:
          - Die Umsetzung beginnt mit kleinen Schritten, die schnell sichtbar werden.
CH
	i=$((i + 1))
done
