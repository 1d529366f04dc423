package scaffold

import "github.com/retortdev/retort/revision"

// configObject is the "config" a template sees: Alembic's Config with the
// methods templates call.
func configObject(s *revision.Settings) object {
	opt := func(get func(args []any) (string, bool), nDefault int) callable {
		return func(args []any, kw map[string]any) (any, error) {
			v, ok := get(args)
			if ok {
				return v, nil
			}
			if d, has := kw["default"]; has {
				return d, nil
			}
			if len(args) > nDefault {
				return args[nDefault], nil
			}
			return nil, nil
		}
	}
	arg := func(args []any, i int) string {
		if i < len(args) {
			s, _ := args[i].(string)
			return s
		}
		return ""
	}
	return object{
		"config_file_name": s.IniPath,
		"get_main_option":  opt(func(a []any) (string, bool) { return s.MainOption(arg(a, 0)) }, 1),
		"get_section_option": opt(func(a []any) (string, bool) {
			return s.Option(arg(a, 0), arg(a, 1))
		}, 2),
		"get_alembic_option": opt(func(a []any) (string, bool) { return s.AlembicOption(arg(a, 0)) }, 1),
		"get_section": callable(func(args []any, _ map[string]any) (any, error) {
			sec, ok := s.Section(arg(args, 0))
			if !ok {
				if len(args) > 1 {
					return args[1], nil
				}
				return nil, nil
			}
			out := dict{}
			for k, v := range sec {
				out[k] = v
			}
			return out, nil
		}),
	}
}
