# Dump kramdown's block tree as JSON, for the differential test of jekyll_guide.kramdown.
#
# stdin: a JSON list of {"text": ..., "options": {...}} (options as kramdown names them).
# stdout: a JSON list, one entry per document: {"tree": node, "warnings": [...]} or {"error": ...}.
#
# A node is {"type", "value"?, "attr", "loc", "opts", "children"}.  Block elements whose
# children are span-level (p, header, dt, td, span-model html) get one child
# {"type": "raw_text", "value": <the span source kramdown parsed>}: the raw text is recorded
# just before update_tree turns it into span elements.  Header ids for input kramdown are
# made here as kramdown's HTML converter makes them (generate_id, in document order).
require 'json'
require 'kramdown'
require 'kramdown-parser-gfm'

module RecordRawText
  def update_tree(element)
    record_raw_text(element) if element.type == :root || element.type == :footnote_def
    super
  end

  def record_raw_text(element)
    element.children.each do |child|
      if child.type == :raw_text
        element.options[:__raw_text] = [child.value.dup, child.options[:location]]
      else
        record_raw_text(child)
      end
    end
  end
end
Kramdown::Parser::Kramdown.prepend(RecordRawText)

VALUE_TYPES = %i[blank codeblock math html_element xml_comment xml_pi comment raw text
                 colon_fence].freeze
OPTION_KEYS = %i[level transparent content_model is_closed category lang fenced alignment
                 first_list_marker type ial].freeze

def jsonable(value)
  case value
  when Hash then value.each_with_object({}) { |(k, v), h| h[k.is_a?(Symbol) ? ":#{k}" : k] = jsonable(v) }
  when Array then value.map { |v| jsonable(v) }
  when Symbol then value.to_s
  else value
  end
end

def dump(el)
  node = {'type' => el.type.to_s, 'attr' => el.attr.dup, 'loc' => el.options[:location]}
  node['value'] = el.value.is_a?(Symbol) ? el.value.to_s : el.value if VALUE_TYPES.include?(el.type)
  opts = {}
  OPTION_KEYS.each { |k| opts[k.to_s] = jsonable(el.options[k]) if el.options.key?(k) && !el.options[k].nil? }
  node['opts'] = opts
  if (raw = el.options[:__raw_text])
    node['children'] = [{'type' => 'raw_text', 'value' => raw[0], 'loc' => raw[1]}]
  else
    node['children'] = el.children.map { |c| dump(c) }
  end
  node
end

def kramdown_ids(root, options)
  converter = Kramdown::Converter::Html.send(:new, root, options)
  walk = lambda do |el|
    if el.type == :header && options[:auto_ids] && !el.attr['id']
      el.attr['id'] = converter.generate_id(el.options[:raw_text])
    end
    el.children.each { |c| walk.call(c) }
  end
  walk.call(root)
end

docs = JSON.parse($stdin.read)
out = docs.map do |doc|
  begin
    opts = {auto_ids: true, hard_wrap: false}
    (doc['options'] || {}).each { |k, v| opts[k.to_sym] = v }
    opts[:gfm_quirks] = opts[:gfm_quirks].map(&:to_sym) if opts[:gfm_quirks]
    input = (opts.delete(:input) || 'GFM').to_s
    klass = input.casecmp?('gfm') ? Kramdown::Parser::GFM : Kramdown::Parser::Kramdown
    merged = Kramdown::Options.merge(opts)
    parser = klass.send(:new, doc['text'].dup, merged)
    parser.parse
    root = parser.root
    final_options = parser.options
    kramdown_ids(root, final_options.merge(root.options[:options] || {})) unless klass == Kramdown::Parser::GFM
    footnotes = {}
    parser.instance_variable_get(:@footnotes).each { |name, data| footnotes[name] = dump(data[:content]) }
    {'tree' => dump(root), 'warnings' => parser.warnings, 'footnotes' => footnotes,
     'link_defs' => parser.instance_variable_get(:@link_defs).transform_values { |v| [v[0], v[1]] },
     'abbrev_defs' => root.options[:abbrev_defs],
     'alds' => jsonable(parser.instance_variable_get(:@alds))}
  rescue StandardError, SystemStackError => e
    {'error' => "#{e.class}: #{e.message}"}
  end
end
puts JSON.generate(out)
