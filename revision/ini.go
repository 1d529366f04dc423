package revision

// IniSections reads a configparser-style file (alembic.ini) and returns
// its sections' raw values, keys lowercased, without interpolation.
func IniSections(path string) (map[string]map[string]string, error) {
	secs, err := readIni(path)
	if err != nil {
		return nil, err
	}
	out := make(map[string]map[string]string, len(secs))
	for name, s := range secs {
		out[name] = s.vals
	}
	return out, nil
}
