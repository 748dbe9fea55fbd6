-- Run by tests/integration/neovim_test.sh inside `nvim --headless --clean`: starts
-- `plan-lint server` as Neovim's own LSP client, opens $PLAN_FILE, waits for the
-- diagnostics Neovim receives, fixes the placeholder and waits for them to clear, and
-- writes what it saw to $OUT_FILE as JSON. Uses only APIs Neovim 0.7 (Debian 12) has.
local function finish(result)
  vim.fn.writefile({ vim.fn.json_encode(result) }, vim.env.OUT_FILE)
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.PLAN_FILE))
  local buf = vim.api.nvim_get_current_buf()
  local client = vim.lsp.start_client({
    name = 'plan-lint',
    cmd = { vim.env.PLAN_LINT, 'server', '--today', '2025-06-01' },
    root_dir = vim.env.ROOT,
  })
  vim.lsp.buf_attach_client(buf, client)
  local got = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  local seen = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(seen, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, source = d.source, message = d.message,
      code = d.code or lsp.code,
    })
  end
  -- Fill the placeholder in, as a writer would: the diagnostics go away.
  vim.api.nvim_buf_set_lines(buf, 10, 11, false, { 'Owner: Ana.' })
  local cleared = vim.wait(20000, function() return #vim.diagnostic.get(buf) == 0 end, 20)
  local name = vim.lsp.get_client_by_id(client).name
  finish({ received = got, diagnostics = seen, cleared = cleared, client = name })
end)
if not ok then
  finish({ error = tostring(err) })
end
