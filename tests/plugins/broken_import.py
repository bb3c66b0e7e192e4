"""A plugin that cannot even be imported."""

raise ImportError("这个插件故意无法导入")
